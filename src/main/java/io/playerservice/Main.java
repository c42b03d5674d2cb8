package io.playerservice;

import io.playerservice.cluster.Clustering;
import io.playerservice.config.ConfigLoader;
import io.playerservice.config.InvalidConfigException;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.EmbeddedMariaDb;
import io.playerservice.db.MigrateCommand;
import io.playerservice.demo.Demo;
import io.playerservice.loadtest.LoadOptions;
import io.playerservice.loadtest.LoadTest;
import io.playerservice.loadtest.SqlBench;
import io.playerservice.metrics.Metrics;
import io.playerservice.player.PlayerRepository;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/**
 * Command line: {@code serve} (the default, optionally {@code -cluster}), {@code demo},
 * {@code loadtest}, {@code sqlbench}, {@code embedded-db} and {@code migrate}. This is the one place that blocks,
 * on {@code main}'s own thread, while it starts things.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    // "-cluster" may stand alone (java -jar player-service.jar -cluster) or after "serve".
    boolean clustered = List.of(args).contains("-cluster");
    String command = args.length == 0 || "-cluster".equals(args[0]) ? "serve" : args[0];
    switch (command) {
      case "serve" -> serve(clustered);
      case "demo" -> demo();
      case "loadtest" -> loadtest(List.of(args).subList(1, args.length));
      case "sqlbench" -> sqlbench(List.of(args).subList(1, args.length));
      case "embedded-db" -> embeddedDb(List.of(args).subList(1, args.length));
      case "migrate" -> migrate();
      case "-h", "--help", "help" -> usage(0);
      default -> {
        System.err.println("unknown command '" + command + "'");
        usage(2);
      }
    }
  }

  private static void serve(boolean clustered) {
    Vertx vertx = clustered ? joinCluster() : Metrics.vertx();
    ServiceConfig config = withDatabase(loadConfig(vertx), false);
    start(vertx, config);
    stopGracefullyOnSignals(vertx);
    LOG.info("player-service listening on http://localhost:{} ({} transport)", config.httpPort(),
        vertx.isNativeTransportEnabled() ? "native" : "JDK");
  }

  /**
   * SIGTERM (or Ctrl-C): stop accepting, let in-flight requests finish, close the pool, exit 0.
   * Without this the JVM would exit 143 with requests cut mid-flight.
   */
  private static void stopGracefullyOnSignals(Vertx vertx) {
    Runnable stop = () -> {
      LOG.info("stopping: finishing in-flight requests, then closing the pool");
      try {
        vertx.close().await(PlayerServiceVerticle.SHUTDOWN_GRACE_SECONDS + 5, TimeUnit.SECONDS);
        LOG.info("stopped");
      } catch (Exception e) {
        LOG.warn("shutdown did not finish in time: {}", e.toString());
      }
      System.exit(0);
    };
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> new Thread(stop, "shutdown").start());
    }
  }

  private static Vertx joinCluster() {
    try {
      Vertx vertx = Clustering.start(System.getenv()).await();
      LOG.info("joined the Hazelcast cluster (conf/cluster.xml, CLUSTER_* overrides)");
      return vertx;
    } catch (Throwable e) { // await() rethrows checked causes too
      System.err.println("cannot join the cluster: " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  /**
   * The seed's two examples through the HTTP API of an in-process service, on an emptied table:
   * an embedded database gets throwaway data, so the demo never empties the players kept in
   * EMBEDDED_DATA_DIR.
   */
  private static void demo() {
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = withDatabase(loadConfig(vertx), true).withHttpPort(freePort());
    start(vertx, config);
    LOG.info("demo: emptying table player on {}", config.databaseTarget());
    Pool pool = Database.pool(vertx, config);
    new PlayerRepository(pool).deleteAll().eventually(pool::close).await();
    try {
      new Demo(vertx, config.httpPort(), System.out).run();
    } catch (RuntimeException e) {
      LOG.error("demo failed: {}", e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  /** Drives a running service; exits 1 when a request failed or the books do not balance. */
  private static void loadtest(List<String> args) {
    LoadOptions options = parseLoadOptions(args);
    // An event loop for each --threads, which the load loops are deployed on in turn.
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(Math.max(options.threads(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)));
    int status;
    try {
      status = new LoadTest(vertx, options, System.out).run();
    } catch (Throwable e) { // await() rethrows checked causes too, such as a refused connection
      System.err.println("loadtest failed: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  /** The benchmark's yardstick: the trade's SQL straight on a pool (see SqlBench). */
  private static void sqlbench(List<String> args) {
    LoadOptions options = parseLoadOptions(args);
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = loadConfig(vertx);
    if (config.embeddedDatabase()) {
      System.err.println("sqlbench: set TIDB_HOST (and the other TIDB_* variables) to the database to measure");
      System.exit(2);
    }
    try {
      SqlBench.run(vertx, config, options, System.out);
    } catch (Throwable e) { // await() rethrows whatever failed, checked exceptions included
      System.err.println("sqlbench failed: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  /**
   * Starts the embedded MariaDB alone, prints its settings as environment lines, and waits.
   * {@code serverArgs} go to {@code mariadbd} after the laptop sizing, so they override it (the
   * benchmarks give it a buffer pool large enough for the tables they grow).
   */
  private static void embeddedDb(List<String> serverArgs) {
    for (String arg : serverArgs) {
      if (!arg.startsWith("--")) {
        System.err.println("embedded-db takes mariadbd options such as --innodb-buffer-pool-size=1G, got '" + arg + "'");
        System.exit(2);
      }
    }
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = withDatabase(loadConfig(vertx), false, serverArgs);
    vertx.close();
    System.out.printf("TIDB_HOST=%s%nTIDB_PORT=%d%nTIDB_USER=%s%nTIDB_PASSWORD=%s%nTIDB_DB_NAME=%s%n",
        config.dbHost(), config.dbPort(), config.dbUser(), config.dbPassword(), config.dbName());
    System.out.flush();
    LOG.info("embedded MariaDB ready; stop it with Ctrl-C or SIGTERM");
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Applies the schema's migrations now, as a deployment step of its own (with DB_MIGRATE=false
   * on the services), and prints what it did. Without TIDB_HOST: the embedded database's kept data.
   */
  private static void migrate() {
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = withDatabase(loadConfig(vertx), false);
    vertx.close();
    System.exit(MigrateCommand.run(config, System.out, System.err));
  }

  private static LoadOptions parseLoadOptions(List<String> args) {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(LoadOptions.USAGE);
      System.exit(0);
    }
    try {
      return LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return null;
    }
  }

  private static void start(Vertx vertx, ServiceConfig config) {
    LOG.info("player-service {} starting: database {}, HTTP port {}, {} verticle instances",
        version(), config.databaseTarget(), config.httpPort(), config.instances());
    try {
      PlayerServiceApp.deploy(vertx, config).await();
    } catch (Throwable e) { // await() rethrows checked causes too, such as a BindException
      LOG.error("player-service failed to start (HTTP port {}, database {}): {}", config.httpPort(),
          config.databaseTarget(), e.getMessage());
      vertx.close();
      System.exit(1);
    }
  }

  /**
   * The config as given, or pointed at a freshly started embedded MariaDB when it names no host:
   * on the data in EMBEDDED_DATA_DIR, or on throwaway data when that says so or {@code throwaway}.
   */
  private static ServiceConfig withDatabase(ServiceConfig config, boolean throwaway) {
    return withDatabase(config, throwaway, List.of());
  }

  private static ServiceConfig withDatabase(ServiceConfig config, boolean throwaway, List<String> serverArgs) {
    if (!config.embeddedDatabase()) {
      return config;
    }
    LOG.info("TIDB_HOST is not set: starting an embedded MariaDB");
    try {
      EmbeddedMariaDb database = throwaway || config.throwawayEmbeddedData()
          ? EmbeddedMariaDb.start(config.dbName(), serverArgs)
          : EmbeddedMariaDb.startIn(Path.of(config.embeddedDataDir()), config.dbName(), serverArgs);
      return database.applyTo(config);
    } catch (NoClassDefFoundError e) {
      System.err.println("TIDB_HOST is not set and the embedded MariaDB is not on the class path "
          + "(target/lib/ beside the jar); set TIDB_HOST to use a database");
      System.exit(2);
    } catch (IllegalStateException | UncheckedIOException e) { // e.g. its data directory is in use
      LOG.error("player-service failed to start: {}", e.getMessage());
      System.exit(1);
    }
    return null;
  }

  private static ServiceConfig loadConfig(Vertx vertx) {
    try {
      return ConfigLoader.load(vertx).await();
    } catch (InvalidConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
    } catch (RuntimeException e) {
      System.err.println("invalid configuration: " + e.getMessage().lines().findFirst().orElse(""));
    }
    vertx.close();
    System.exit(2);
    return null;
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void usage(int status) {
    System.err.println("""
        usage: java -jar player-service.jar [serve [-cluster] | demo | loadtest [options]]
          serve     run the service (the default); -cluster joins a Hazelcast cluster
          demo      run the seed's examples through the HTTP API on an emptied player table
          loadtest  drive a running service with concurrent trades (loadtest --help)
          sqlbench  the trade's SQL straight on a pool, as the benchmark's yardstick
          embedded-db [mariadbd options]  start the embedded MariaDB alone and print its TIDB_* settings
          migrate   apply the schema's migrations to the database now and print what was done
        Settings come from conf/config.json and the environment (TIDB_HOST, TIDB_PORT, ...);
        without TIDB_HOST an embedded MariaDB is started, its data kept in EMBEDDED_DATA_DIR
        (:temp: for throwaway data; demo always uses throwaway data). See README.md.""");
    System.exit(status);
  }
}
