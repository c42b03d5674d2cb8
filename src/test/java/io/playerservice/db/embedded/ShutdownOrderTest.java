package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to {@code serve} on the embedded database while a trade waits for a row lock: the
 * embedded server keeps running while the service drains, the trade finishes with 200, then the
 * server stops, the JVM exits 143, and the trade is in the data the next start finds.
 */
class ShutdownOrderTest extends EmbeddedServerTest {
  private static final Duration START = Duration.ofSeconds(120);

  @Test
  void aTradeInFlightAtSigtermFinishesBeforeTheEmbeddedServerStops() throws Exception {
    Path dir = KeptData.newDirectory();
    int port = ServiceUnderTest.freePort();
    // A lock wait of a quarter of it (5 s) outlasts the moments the test holds the lock.
    Map<String, String> settings = Map.of("EMBEDDED_DATA_DIR", dir.toString(), "HTTP_PORT", String.valueOf(port),
        "REQUEST_TIMEOUT_MS", "20000");
    Vertx vertx = Vertx.vertx();
    try (ServiceProcess service = ServiceProcess.start(settings, List.of())) {
      assertTrue(service.awaitOutput("listening on", START), service.output());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + port;
      for (String id : List.of("a", "b")) {
        assertEquals(201, http.send(post(base + "/players", "{\"id\":\"" + id + "\",\"coins\":100,\"goods\":100}"),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      long server = Long.parseLong(Files.readString(dir.resolve("mariadbd.pid")).trim());
      Pool database = MySQLBuilder.pool().connectingTo(Database.connectOptions(
          KeptData.config(portOf(server), Files.readString(dir.resolve("password")).trim()))).using(vertx).build();
      SqlConnection other = database.getConnection().await();
      var tx = other.begin().await();
      other.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();
      CompletableFuture<HttpResponse<String>> trade = http.sendAsync(
          post(base + "/trades", "{\"sellId\":\"a\",\"buyId\":\"b\",\"amount\":1,\"price\":10}"),
          HttpResponse.BodyHandlers.ofString());
      Locks.awaitBlockedTrade(database);

      ProcessHandle.of(service.pid()).orElseThrow().destroy(); // SIGTERM
      assertTrue(service.awaitOutput("stopping: finishing in-flight requests", Duration.ofSeconds(10)),
          service.output());
      await("the embedded server keeps serving while the service drains").during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3)).until(() -> PidFile.running(server));
      tx.commit().await();
      other.close().await();
      database.close().await();

      HttpResponse<String> traded = trade.get(30, TimeUnit.SECONDS);
      assertEquals(200, traded.statusCode(), traded.body() + "\n" + service.output());
      assertEquals(143, service.terminate(Duration.ofSeconds(60)), service.output());
      assertFalse(PidFile.running(server), "mariadbd " + server + " outlived the service");
      assertFalse(service.output().contains(" WARN "), service.output());
    } finally {
      vertx.close().await();
    }
    try (EmbeddedMariaDb database = EmbeddedMariaDb.startIn(dir, "test")) {
      ServiceConfig config = KeptData.config(database);
      assertEquals(List.of(110, 90), query(config, "SELECT coins FROM player ORDER BY id"));
      assertEquals(List.of(1), query(config, "SELECT COUNT(*) FROM trade"));
    } finally {
      PidFile.stopOrphan(dir.resolve("mariadbd.pid")); // the service's, if a failure came first
      FileTrees.delete(dir);
    }
  }

  private static HttpRequest post(String uri, String json) {
    return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  /** The port in a running mariadbd's command line. */
  private static int portOf(long pid) {
    String[] args = ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow();
    for (String arg : args) {
      if (arg.startsWith("--port=")) {
        return Integer.parseInt(arg.substring("--port=".length()));
      }
    }
    throw new AssertionError("no --port in the command line of mariadbd " + pid);
  }
}
