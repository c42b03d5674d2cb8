package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.EventStream;
import io.playerservice.support.LedgerPages;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live trade feed, {@code GET /trades/stream}, on one node against the real database. */
class FeedTest extends ApiTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @BeforeEach
  void players() {
    JsonArray players = new JsonArray();
    for (String id : List.of("a", "b", "c", "d")) {
      players.add(player(id, 1_000_000, 1_000_000));
    }
    assertEquals(201, service.post("/players/bulk", players).statusCode());
  }

  private static EventStream open(ServiceUnderTest target, String path, Map<String, String> headers) {
    return EventStream.open(target.vertx, target.config.httpPort(), path, headers);
  }

  private static EventStream open(String path) {
    return open(service, path, Map.of());
  }

  private static JsonObject trade(ServiceUnderTest target, String sellId, String buyId) {
    var answer = target.post("/trades", order(sellId, buyId));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject();
  }

  private static JsonObject order(String sellId, String buyId) {
    return new JsonObject().put("sellId", sellId).put("buyId", buyId).put("amount", 1).put("price", 1);
  }

  private static List<String> ids(List<EventStream.Event> events) {
    return events.stream().map(EventStream.Event::tradeId).toList();
  }

  @Test
  void eachEventIsTheTradeAsGetShowsItWithItsLedgerCursorAsItsId() {
    try (EventStream stream = open("/trades/stream")) {
      assertEquals(200, stream.status());
      assertEquals("text/event-stream", stream.headers().get("Content-Type"));
      assertEquals("no-store", stream.headers().get("Cache-Control"));
      String start = stream.awaitId(PATIENCE); // where it joined: its first reconnect resumes there
      assertEquals(service.config.feedPollMs(), stream.retry());
      trade(service, "a", "b");
      trade(service, "c", "a");
      trade(service, "b", "d");

      List<EventStream.Event> events = stream.awaitEvents(3, PATIENCE);
      for (EventStream.Event event : events) {
        JsonObject shown = service.get("/trades/" + event.tradeId()).bodyAsJsonObject();
        assertEquals(shown, event.json());
        assertEquals(LedgerPages.cursorOf(shown).encode(), event.id());
      }
      assertEquals(LedgerPages.ids(LedgerPages.after(service.client(), null, start)), ids(events));
    }
  }

  @Test
  void aPlayersStreamHasTheTradesWhereThatPlayerSoldOrBoughtAndNoOther() {
    try (EventStream stream = open("/trades/stream?player=a")) {
      String start = stream.awaitId(PATIENCE);
      trade(service, "a", "b");
      trade(service, "c", "d");
      trade(service, "c", "a");
      trade(service, "b", "d");
      trade(service, "d", "a");

      List<EventStream.Event> events = stream.awaitEvents(3, PATIENCE);
      trade(service, "a", "c"); // the stream's last: nothing else came in between
      events = stream.awaitEvents(4, PATIENCE);
      assertEquals(LedgerPages.ids(LedgerPages.after(service.client(), "a", start)), ids(events));
    }
  }

  @Test
  void aStreamResumesAfterItsLastEventIdWithNoGapAndNoRepeat() {
    String start;
    String last;
    try (EventStream first = open("/trades/stream")) {
      start = first.awaitId(PATIENCE);
      trade(service, "a", "b");
      trade(service, "b", "c");
      first.awaitEvents(2, PATIENCE);
      last = first.lastId();
    }
    trade(service, "c", "d");
    trade(service, "d", "a");
    trade(service, "a", "c");
    List<String> missed = LedgerPages.ids(LedgerPages.after(service.client(), null, last));
    assertEquals(3, missed.size());

    try (EventStream resumed = open(service, "/trades/stream", Map.of("Last-Event-ID", last))) {
      assertEquals(missed, ids(resumed.awaitEvents(3, PATIENCE)));
    }
    // Last-Event-ID, which a reconnecting browser sends, wins over the after= of the URL it reopens.
    try (EventStream resumed = open(service, "/trades/stream?after=" + start, Map.of("Last-Event-ID", last))) {
      assertEquals(missed, ids(resumed.awaitEvents(3, PATIENCE)));
    }
    try (EventStream fromCursor = open("/trades/stream?after=" + start)) {
      assertEquals(LedgerPages.ids(LedgerPages.after(service.client(), null, start)),
          ids(fromCursor.awaitEvents(5, PATIENCE)));
      trade(service, "b", "a"); // and then it goes on live
      assertEquals(6, fromCursor.awaitEvents(6, PATIENCE).size());
    }
  }

  /**
   * A client that leaves while trades come resumes right after the last event it kept. Here a trade
   * is made to arrive after the client last looked at its events and before it leaves: it is among
   * the events it kept, and the id it resumes from is that trade's. A client that kept its events as
   * they were when it looked, and its id as it was when it left, would lose that trade.
   */
  @Test
  void aClientThatLeavesWhileTradesComeResumesRightAfterTheLastEventItKept() {
    String start;
    EventStream.Left left;
    try (EventStream first = open("/trades/stream")) {
      start = first.awaitId(PATIENCE);
      trade(service, "a", "b");
      first.awaitEvents(1, PATIENCE);
      trade(service, "b", "c"); // comes after the client last looked, before it leaves
      first.awaitEvents(2, PATIENCE);
      left = first.leave();
    }
    trade(service, "c", "d");
    try (EventStream resumed = open(service, "/trades/stream", Map.of("Last-Event-ID", left.lastId()))) {
      List<String> all = new ArrayList<>(ids(left.events()));
      all.addAll(ids(resumed.awaitEvents(1, PATIENCE)));
      assertEquals(LedgerPages.ids(LedgerPages.after(service.client(), null, start)), all);
    }
  }

  /**
   * A trade stamped first can commit last: here its Idempotency-Key's row is held by another
   * transaction, so it waits after its stamp while a later one commits. The later one must wait
   * behind it, and then both come, in the ledger's order.
   */
  @Test
  void aTradeThatCommitsAfterALaterStampedOneComesFirstAndNeitherIsMissed() {
    // A lock wait of 5 s, so the held trade outlasts the pause below without a timeout and a retry.
    try (ServiceUnderTest patient = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", 20_000));
        EventStream stream = open(patient, "/trades/stream", Map.of())) {
      stream.awaitId(PATIENCE);
      SqlConnection holder = patient.database().getConnection().await();
      Transaction hold = holder.begin().await();
      holder.preparedQuery("INSERT INTO idempotency_key (key_hash, idempotency_key, fingerprint, status, body,"
              + " location, created_at, expires_at) VALUES (UNHEX(SHA2(?, 256)), ?, UNHEX(SHA2('x', 256)), 200, '{}',"
              + " NULL, NOW(3), NOW(3) + INTERVAL 1 DAY)")
          .execute(Tuple.of("feed-held", "feed-held")).await();
      Future<HttpResponse<Buffer>> held = patient.client().post("/trades").putHeader("Idempotency-Key", "feed-held")
          .sendJsonObject(order("a", "b"));
      Locks.awaitBlockedTrade(patient.database());
      JsonObject later = trade(patient, "c", "d");

      // Two polls: the later trade's notification and the poll after it have both come and gone.
      Sleep.millis(2L * patient.config.feedPollMs());
      assertEquals(List.of(), stream.events(), "nothing passes a trade still in flight");
      hold.rollback().await();
      holder.close().await();
      JsonObject first = held.await().bodyAsJsonObject();

      List<EventStream.Event> events = stream.awaitEvents(2, PATIENCE);
      assertEquals(List.of(first.getJsonObject("trade").getString("id"), later.getJsonObject("trade").getString("id")),
          ids(events));
      assertTrue(LedgerPages.cursorOf(first).compareTo(LedgerPages.cursorOf(later)) < 0, "stamped first");
    }
  }

  /**
   * Trades from more clients than the service has connections keep every admission place busy and
   * a queue waiting: the feed still delivers while they trade, not once they stop (a reader
   * admitted as a listing waits behind every waiting trade), and misses none.
   */
  @Test
  void theFeedKeepsUpWhileTradesKeepEveryConnectionBusy() throws Exception {
    try (EventStream stream = open("/trades/stream")) {
      String start = stream.awaitId(PATIENCE);
      AtomicBoolean trading = new AtomicBoolean(true);
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 4 * service.config.poolSize(); i++) {
        String seller = List.of("a", "b", "c", "d").get(i % 4);
        String buyer = List.of("b", "c", "d", "a").get(i % 4);
        Thread client = new Thread(() -> {
          while (trading.get()) {
            service.post("/trades", order(seller, buyer));
          }
        }, "feed-trader-" + i);
        clients.add(client);
        client.start();
      }
      try {
        stream.awaitEvents(100, PATIENCE);
      } finally {
        trading.set(false);
        for (Thread client : clients) {
          client.join();
        }
      }
      List<String> all = LedgerPages.ids(LedgerPages.after(service.client(), null, start));
      assertEquals(all, ids(stream.awaitEvents(all.size(), PATIENCE)));
    }
  }

  @Test
  void aSlowSubscriberIsClosedAndResumesFromItsLastEventId() {
    int rows = 10_000;
    try (SlowReader slow = SlowReader.open(service.config.httpPort(), "/trades/stream")) {
      String start = slow.awaitPosition();
      // Fixture: ledger rows of 10,000 trades at once, as fast as the database writes them (about
      // 6.5 MB of events, more than the socket buffers on either side hold while nobody reads).
      service.database().query("INSERT INTO trade (id, sell_id, buy_id, amount, price, seller_coins, seller_goods,"
          + " buyer_coins, buyer_goods, traded_at, idempotency_key)"
          + " SELECT UNHEX(REPLACE(UUID(), '-', '')), 'slow-a', 'slow-b', 1, 1, 0, 0, 0, 0, NOW(6), REPEAT('k', 255)"
          + " FROM " + digits("a") + ", " + digits("b") + ", " + digits("c") + ", " + digits("d")).execute().await();

      await("the slow subscriber dropped").atMost(PATIENCE)
          .until(() -> service.metric("feed_subscribers_dropped_total{reason=\"slow\"}") == 1);
      List<EventStream.Event> before = slow.readToEnd();
      assertTrue(before.size() < rows, "closed before it had them all: " + before.size());

      try (EventStream resumed = open(service, "/trades/stream", Map.of("Last-Event-ID", slow.lastId()))) {
        List<EventStream.Event> after = resumed.awaitEvents(rows - before.size(), Duration.ofSeconds(60));
        List<String> all = new ArrayList<>(ids(before));
        all.addAll(ids(after));
        assertEquals(LedgerPages.ids(LedgerPages.after(service.client(), null, start)), all);
      }
    }
  }

  private static String digits(String alias) {
    return "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5"
        + " UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) " + alias;
  }

  @Test
  void beyondItsLimitANodeAnswers503AndAStreamOutlivesTheIdleAndRequestTimeouts() {
    JsonObject settings = new JsonObject().put("FEED_MAX_SUBSCRIBERS", 1).put("HTTP_IDLE_TIMEOUT_MS", 1500)
        .put("REQUEST_TIMEOUT_MS", 1000).put("HTTP_READ_TIMEOUT_MS", 1000);
    try (ServiceUnderTest small = ServiceUnderTest.start(settings)) {
      EventStream stream = open(small, "/trades/stream", Map.of());
      assertEquals(200, stream.status());
      try (EventStream refused = open(small, "/trades/stream", Map.of())) {
        assertEquals(503, refused.status());
        assertEquals("1", refused.headers().get("Retry-After"));
        assertEquals("/problems/unavailable", new JsonObject(refused.body()).getString("type"));
      }

      // Twice the idle timeout, and longer than the request and read deadlines.
      Sleep.millis(2L * small.config.httpIdleTimeoutMs());
      trade(small, "a", "b");
      assertEquals(1, stream.awaitEvents(1, PATIENCE).size());
      assertFalse(stream.ended());
      assertTrue(stream.comments() >= 2, "keep-alives every third of the idle timeout: " + stream.comments());

      stream.close(); // its place comes free
      await("a place for a new stream").atMost(PATIENCE).until(() -> {
        try (EventStream again = open(small, "/trades/stream", Map.of())) {
          return again.status() == 200;
        }
      });
    }
  }

  @Test
  void aMalformedQueryOrLastEventIdIs400() {
    for (String path : List.of("/trades/stream?after=nope", "/trades/stream?player=", "/trades/stream?player=a&player=b",
        "/trades/stream?after=" + "A".repeat(32) + "&after=" + "A".repeat(32))) {
      assertProblem(service.get(path), 400);
    }
    assertProblem(service.client().get("/trades/stream").putHeader("Last-Event-ID", "nope").send().await(), 400);
  }

  /**
   * A client that opens a stream on a plain socket with a small receive buffer and then stops
   * reading, as a stalled consumer does; what it was sent it reads at the end, HTTP's chunks and all.
   */
  private static final class SlowReader implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private String lastId;

    private SlowReader(Socket socket) {
      this.socket = socket;
    }

    static SlowReader open(int port, String path) {
      try {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        return new SlowReader(socket);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads until the stream has told its position, then reads no more. */
    String awaitPosition() {
      try {
        InputStream in = socket.getInputStream();
        while (!received.toString(StandardCharsets.UTF_8).matches("(?s).*\nid: [^\n]*\n\n.*")) {
          int b = in.read();
          if (b < 0) {
            throw new AssertionError("the stream ended: " + received);
          }
          received.write(b);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      parse();
      return lastId;
    }

    /** Reads what is left up to the end of the closed connection; the events it was sent, in order. */
    List<EventStream.Event> readToEnd() {
      try {
        socket.getInputStream().transferTo(received);
      } catch (IOException e) { // a reset ends it too
        // what arrived before is kept
      }
      return parse();
    }

    String lastId() {
      return lastId;
    }

    private List<EventStream.Event> parse() {
      byte[] bytes = received.toByteArray();
      String all = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte, to count chunk sizes
      int at = all.indexOf("\r\n\r\n") + 4;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        int lineEnd = all.indexOf("\r\n", at);
        if (lineEnd < 0) {
          break;
        }
        int size = Integer.parseInt(all.substring(at, lineEnd).trim(), 16);
        if (size == 0 || lineEnd + 2 + size > bytes.length) {
          break;
        }
        body.write(bytes, lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
      }
      List<EventStream.Event> events = new ArrayList<>();
      String id = null;
      String data = null;
      for (String line : body.toString(StandardCharsets.UTF_8).split("\n", -1)) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        } else if (line.isEmpty() && id != null) { // an event is only whole at its blank line
          lastId = id;
          if (data != null) {
            events.add(new EventStream.Event(id, data));
          }
          id = null;
          data = null;
        }
      }
      return events;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
