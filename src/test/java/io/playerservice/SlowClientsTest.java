package io.playerservice;

import com.sun.management.UnixOperatingSystemMXBean;
import io.playerservice.support.ApiTest;
import io.playerservice.support.RawHttp;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slowloris and its kin: connections that stay idle, requests that arrive a byte at a time, and
 * more connections than the service takes. None of them may hold the service from its ordinary
 * clients, and each is cut off on time.
 */
class SlowClientsTest extends ApiTest {
  private static final int READ_MS = 1000;
  private static final int IDLE_MS = 4000;
  private static final JsonObject QUICK = new JsonObject().put("HTTP_READ_TIMEOUT_MS", READ_MS)
      .put("HTTP_IDLE_TIMEOUT_MS", IDLE_MS).put("REQUEST_TIMEOUT_MS", 2000);
  /** Blocking socket clients each need a thread; the common pool has one on two cores. */
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "slow-client");
    thread.setDaemon(true);
    return thread;
  });

  @Test
  void idleConnectionsAndSlowBodiesDoNotStopTradingAndIdleOnesAreClosedOnTime() throws Exception {
    // Each idle client costs two descriptors here (its socket and the service's end).
    long fds = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
    int idleCount = (int) Math.min(2000, (fds - 1000) / 2);
    assertTrue(idleCount >= 500, "ulimit -n is " + fds + ": too low for this test");
    try (ServiceUnderTest target = ServiceUnderTest.start(QUICK.copy().put("HTTP_MAX_CONNECTIONS", idleCount + 200))) {
      target.post("/players", player("a", 1_000_000, 1_000_000));
      target.post("/players", player("b", 1_000_000, 1_000_000));

      List<RawHttp> idle = new ArrayList<>();
      for (int i = 0; i < idleCount; i++) {
        idle.add(RawHttp.connect(target.config.httpPort()).send(RawHttp.get("/health/live")));
      }
      for (RawHttp client : idle) {
        assertTrue(client.readResponse().startsWith("HTTP/1.1 200"));
      }
      long idleSince = System.nanoTime();
      List<CompletableFuture<String>> slow = new ArrayList<>();
      String slowTrade = "{\"sellId\":\"a\",\"buyId\":\"b\",\"amount\":1,\"price\":1}";
      for (int i = 0; i < 4; i++) {
        slow.add(CompletableFuture.supplyAsync(() -> trickle(target.config.httpPort(), slowTrade, "/trades"), THREADS));
      }

      // Ordinary clients trade while all of those hold connections.
      long worstMs = 0;
      for (int round = 0; round < 10; round++) {
        List<Future<HttpResponse<Buffer>>> trades = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
          trades.add(target.postAsync("/trades", new JsonObject().put("sellId", i % 2 == 0 ? "a" : "b")
              .put("buyId", i % 2 == 0 ? "b" : "a").put("amount", 1).put("price", 1)));
        }
        for (var trade : trades) {
          assertEquals(200, trade.await().statusCode());
        }
        worstMs = Math.max(worstMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
      assertTrue(worstMs < 1000, "8 concurrent trades took " + worstMs + " ms");
      for (var client : slow) {
        String answer = client.get(10, TimeUnit.SECONDS);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      }

      // The last ones answered are still open before the idle timeout (a second request is
      // served) ...
      List<RawHttp> reused = idle.subList(idle.size() - 10, idle.size());
      List<RawHttp> untouched = idle.subList(0, idle.size() - 10);
      for (RawHttp client : reused) {
        assertTrue(client.send(RawHttp.get("/health/live")).readResponse().startsWith("HTTP/1.1 200"));
      }
      long lastUse = System.nanoTime();
      assertTrue(TimeUnit.NANOSECONDS.toMillis(lastUse - idleSince) < IDLE_MS - 500,
          "the checks before the idle timeout took too long to mean anything");
      // ... and each is closed within 1.5 s after its idle timeout.
      sleepUntil(idleSince, IDLE_MS + 1500);
      assertEquals(0, stillOpen(untouched), "idle connections open " + (IDLE_MS + 1500) + " ms after their last answer");
      sleepUntil(lastUse, IDLE_MS + 1500);
      assertEquals(0, stillOpen(reused), "reused connections open " + (IDLE_MS + 1500) + " ms after their last answer");
      idle.forEach(RawHttp::close);
      // The ordinary trades went both ways equally; the four cut off never ran.
      assertEquals(1_000_000, target.get("/players/a").bodyAsJsonObject().getInteger("goods"));
    }
  }

  @Test
  void aBodyThatTricklesGets408ItsConnectionClosedAndChangesNothing() throws Exception {
    try (ServiceUnderTest target = ServiceUnderTest.start(QUICK)) {
      long start = System.nanoTime();
      String answer = trickle(target.config.httpPort(), "{\"id\":\"slow\",\"coins\":1,\"goods\":1}", "/players");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
      assertTrue(answer.contains("\"type\":\"/problems/request-timeout\""), answer);
      assertTrue(tookMs >= READ_MS && tookMs < READ_MS + 1500, "answered after " + tookMs + " ms");
      assertEquals(404, target.get("/players/slow").statusCode(), "the request must change nothing");
    }
  }

  @Test
  void aHeadThatTricklesOrNeverComesIsClosed() {
    try (ServiceUnderTest target = ServiceUnderTest.start(QUICK);
         RawHttp silent = RawHttp.connect(target.config.httpPort());
         RawHttp trickling = RawHttp.connect(target.config.httpPort())) {
      trickling.send("GET /players/count HTTP/1.1\r\n");
      long start = System.nanoTime();
      // Each check sends one more byte of the head and waits up to 100 ms for the close.
      await("a head sent a byte at a time is cut off").atMost(Duration.ofMillis(READ_MS + 1500))
          .pollInterval(Duration.ZERO)
          .until(() -> !trickling.trySend("X") || trickling.closedWithin(100));
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= READ_MS - 100);
      assertTrue(silent.closedWithin(500), "a connection that sends nothing is closed by then too");
    }
  }

  @Test
  void beyondMaxConnectionsNewOnesAreClosedAtOnceAndTheOthersServed() {
    int max = 12;
    try (ServiceUnderTest target = ServiceUnderTest.start(QUICK.copy().put("HTTP_MAX_CONNECTIONS", max)
        .put("VERTICLE_INSTANCES", 2))) {
      List<RawHttp> admitted = new ArrayList<>();
      for (int i = 0; i < max; i++) {
        admitted.add(RawHttp.connect(target.config.httpPort()).send(RawHttp.get("/health/live")));
      }
      for (RawHttp client : admitted) {
        assertTrue(client.readResponse().startsWith("HTTP/1.1 200"));
      }
      for (int i = 0; i < 3; i++) {
        try (RawHttp surplus = RawHttp.connect(target.config.httpPort())) {
          surplus.trySend(RawHttp.get("/health/live"));
          assertTrue(surplus.closedWithin(500), "connection " + (max + i + 1) + " must be closed at once");
        }
      }
      for (RawHttp client : admitted) {
        assertTrue(client.send(RawHttp.get("/health/live")).readResponse().startsWith("HTTP/1.1 200"),
            "the connections already open keep being served");
      }
      admitted.remove(0).close();
      // The count drops once the close is seen; each check tries a new connection.
      await("a freed slot is taken again").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ZERO).until(() -> {
        try (RawHttp again = RawHttp.connect(target.config.httpPort())) {
          return again.trySend(RawHttp.get("/health/live")) && !again.closedWithin(300);
        }
      });
      admitted.forEach(RawHttp::close);
      assertFalse(admitted.isEmpty());
    }
  }

  private static void sleepUntil(long since, long millis) throws InterruptedException {
    long left = millis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    if (left > 0) {
      Thread.sleep(left);
    }
  }

  private static long stillOpen(List<RawHttp> clients) {
    return clients.stream().filter(client -> !client.closedWithin(20)).count();
  }

  /** Sends the head and half the body, then one byte every 200 ms; returns the answer. */
  private static String trickle(int port, String body, String path) {
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, body.length() / 2));
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(client::readResponse, THREADS);
      for (int i = body.length() / 2; i < body.length() - 1 && !answer.isDone(); i++) {
        client.trySend(body.substring(i, i + 1));
        Thread.sleep(200);
      }
      String response = answer.get(10, TimeUnit.SECONDS);
      assertTrue(client.closedWithin(1000), "the connection is closed after the 408");
      return response;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
