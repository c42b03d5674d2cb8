package io.playerservice;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.LogCapture;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that closes its connection before its answer is not a server fault: the request logs
 * one DEBUG line with its id and is counted in {@code http_requests_abandoned_total}; nothing at
 * INFO or above, no 500, no 504, no connection-lost, whether the request then succeeds or fails.
 */
class ClientGoneTest extends ApiTest {
  /** A 1 s lock wait (a quarter of it), so a blocked trade can be made to fail. */
  private static final int TIMEOUT_MS = 4000;
  private static final String ABANDONED = "http_requests_abandoned_total";

  @RegisterExtension
  final LogCapture logs = new LogCapture();

  @BeforeEach
  void requestLogAtDebug() {
    logs.requestLogAtDebug();
  }

  @Test
  void aClientThatHangsUpOnATradeThatThenSucceedsIsOneDebugLine() {
    try (ServiceUnderTest target = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", TIMEOUT_MS))) {
      hangUpOnABlockedTrade(target, "gone-ok", true);
      awaitTrades(1);
      assertLoggedOnceAtDebug("gone-ok");
      assertEquals(1, target.metric(ABANDONED));
    }
  }

  @Test
  void aClientThatHangsUpOnATradeThatThenFailsIsOneDebugLine() {
    try (ServiceUnderTest target = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", TIMEOUT_MS))) {
      hangUpOnABlockedTrade(target, "gone-failed", false);
      assertLoggedOnceAtDebug("gone-failed");
      assertEquals(1, target.metric(ABANDONED));
      assertEquals(0, service.get("/trades?player=a").bodyAsJsonObject().getJsonArray("trades").size());
    }
  }

  /**
   * Sends a trade from a raw connection while another transaction holds the buyer's row, closes
   * the connection once the trade waits for the lock, then lets the trade go on: committed
   * ({@code release}) or, holding on, ended by the lock wait timeout (1205).
   */
  private void hangUpOnABlockedTrade(ServiceUnderTest target, String requestId, boolean release) {
    service.post("/players", player("a", 100, 100));
    service.post("/players", player("b", 100, 100));
    String body = new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 10).encode();
    SqlConnection other = service.database().getConnection().await();
    try {
      var tx = other.begin().await();
      other.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();
      NetSocket socket = target.vertx.createNetClient().connect(target.config.httpPort(), "localhost").await();
      socket.write("POST /trades HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "X-Request-Id: " + requestId + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).await();
      Locks.awaitBlockedTrade(service.database());
      socket.close().await();
      await("the service saw the close while the trade still waits").atMost(Duration.ofSeconds(5))
          .until(() -> target.metric(ABANDONED) >= 1);
      if (release) {
        tx.commit().await();
      } else {
        // Two 1 s lock waits: the trade waits again once (another wait still fits in its 4 s),
        // then fails with 1205 and answers 503 at about 2 s, to nobody.
        await("the trade failed on the lock").atMost(Duration.ofSeconds(5))
            .until(() -> target.metric("trades_total{outcome=\"failed\"}") >= 1);
        tx.rollback().await();
      }
    } finally {
      other.close().await();
    }
    Sleep.millis(300); // time for the late answer to meet the closed connection
  }

  private void awaitTrades(int count) {
    await("the trade committed").atMost(Duration.ofSeconds(5))
        .until(() -> service.get("/trades?player=a").bodyAsJsonObject().getJsonArray("trades").size() >= count);
    Sleep.millis(300);
  }

  private void assertLoggedOnceAtDebug(String requestId) {
    // What answers and logs requests (start and stop of the service log at INFO elsewhere).
    List<ILoggingEvent> service = logs.events().stream()
        .filter(event -> event.getLoggerName().startsWith("io.playerservice.http.")
            || event.getLoggerName().startsWith("io.playerservice.error.")).toList();
    List<String> loud = service.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(List.of(), loud, "nothing at INFO or above");
    List<String> aboutIt = service.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(line -> line.contains("[" + requestId + "]")).toList();
    assertEquals(1, aboutIt.size(), aboutIt.toString());
    assertTrue(aboutIt.get(0).contains("the client closed the connection"), aboutIt.get(0));
  }
}
