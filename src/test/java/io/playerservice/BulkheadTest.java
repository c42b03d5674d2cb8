package io.playerservice;

import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bulkhead between reads and money: while 32 clients hammer the count and 1000-row list pages
 * of a large table, expensive reads hold no more than their share of the connections, and the
 * trade p99 stays within 2x of its p99 without them.
 */
class BulkheadTest {
  private static final Logger LOG = LoggerFactory.getLogger(BulkheadTest.class);
  /** Large enough that a COUNT takes tens of ms and a 1000-row page is real work; quick to fill. */
  private static final int ROWS = 400_000;
  private static final int INSTANCES = 2;
  /** DB_READ_CONNECTIONS: one read place per instance. */
  private static final int READ_CONNECTIONS = 2;
  private static final int TRADERS = 4;
  private static final int READERS = 32;
  private static final int TRADE_PLAYERS = 20;
  private static final long PHASE_MS = 4000;
  private static final int ROUNDS = 3;

  @Test
  void tradesKeepTheirLatencyWhileReadsHammer() {
    // The load's own event loops, apart from the service's; the readers' apart from the traders', so
    // that a trade's answer never waits on the client's side behind a reader's page. One each, as
    // loadtest defaults to one: on two cores shared with the service and the database, the load
    // generator must not be what takes the trades' CPU.
    Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx readerClients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (ServiceUnderTest service = ServiceUnderTest.start(new JsonObject().put("VERTICLE_INSTANCES", INSTANCES)
        .put("DB_POOL_SIZE", 8).put("DB_READ_CONNECTIONS", READ_CONNECTIONS).put("COUNT_MAX_AGE_MS", 1000))) {
      service.reset();
      fill(service);
      WebClient http = WebClient.create(clients, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(service.config.httpPort()), new PoolOptions().setHttp1MaxSize(TRADERS));
      // Readers on the raw client, which reads no more of an answer than its status: the load
      // generator's own work should not be what slows the trades on a machine this small.
      HttpClient raw = readerClients.createHttpClient(new HttpClientOptions().setDefaultHost("localhost")
          .setDefaultPort(service.config.httpPort()), new PoolOptions().setHttp1MaxSize(READERS));
      SqlConnection observer = service.database().getConnection().await();
      try {
        // Warm-up of both paths (the JIT, the connections), so that neither phase below pays for it:
        // measured cold, the trades alone looked slower than they are, and the ratio better.
        phase(http, raw, 0, null, 6000);
        phase(http, raw, READERS, null, 3000);
        // Alone and hammered in turn, so that whatever drifts during the run weighs on both.
        int[] busiestReads = {0};
        List<Long> baseline = new ArrayList<>();
        List<Long> hammered = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          baseline.addAll(phase(http, raw, 0, null, PHASE_MS));
          hammered.addAll(phase(http, raw, READERS, () -> busiestReads[0] = Math.max(busiestReads[0],
              readsInFlight(observer)), PHASE_MS));
        }
        baseline.addAll(phase(http, raw, 0, null, PHASE_MS));

        long p99Alone = p99(baseline);
        long p99Hammered = p99(hammered);
        LOG.info("trade p99 alone {} µs ({} trades), while {} readers hammer {} µs ({} trades): {}x;"
                + " at most {} listings or counts ran at once", p99Alone, baseline.size(), READERS, p99Hammered,
            hammered.size(), String.format("%.2f", (double) p99Hammered / p99Alone), busiestReads[0]);
        assertTrue(busiestReads[0] <= READ_CONNECTIONS,
            "expensive reads held " + busiestReads[0] + " connections, more than their " + READ_CONNECTIONS);
        assertTrue(p99Hammered <= 2 * p99Alone,
            "trade p99 " + p99Hammered + " µs while reads hammer, against " + p99Alone + " µs alone");
      } finally {
        observer.close().await();
        service.database().query("TRUNCATE TABLE player").execute().await();
        service.reset();
      }
    } finally {
      clients.close().await();
      readerClients.close().await();
    }
  }

  /** ROWS players in one statement (MariaDB's sequence engine), or 10,000 per bulk request elsewhere. */
  private static void fill(ServiceUnderTest service) {
    try {
      service.database().query("INSERT INTO player (id, coins, goods) SELECT CONCAT('big-', LPAD(seq, 7, '0')), 1, 1"
          + " FROM seq_1_to_" + ROWS).execute().await();
    } catch (RuntimeException noSequenceEngine) {
      for (int from = 1; from <= ROWS; from += 10_000) {
        JsonArray chunk = new JsonArray();
        for (int i = from; i < from + 10_000 && i <= ROWS; i++) {
          chunk.add(new JsonObject().put("id", String.format("big-%07d", i)).put("coins", 1).put("goods", 1));
        }
        assertEquals(201, service.post("/players/bulk", chunk).statusCode());
      }
    }
    JsonArray traders = new JsonArray();
    for (int i = 0; i < TRADE_PLAYERS; i++) {
      traders.add(new JsonObject().put("id", "trader-" + i).put("coins", 1_000_000_000).put("goods", 1_000_000_000));
    }
    assertEquals(201, service.post("/players/bulk", traders).statusCode());
  }

  /**
   * {@code TRADERS} clients trade in a closed loop for {@code ms}, beside {@code readers} clients
   * that ask for the count (half) and 1000-row pages from random places (half); {@code sample}
   * runs every 20 ms meanwhile. Returns the trades' latencies in µs; every trade must succeed.
   */
  private static List<Long> phase(WebClient http, HttpClient raw, int readers, Runnable sample, long ms) {
    AtomicBoolean stop = new AtomicBoolean();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> readStatuses = new ConcurrentHashMap<>();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < TRADERS; i++) {
      loops.add(loop(stop, () -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int seller = random.nextInt(TRADE_PLAYERS);
        int buyer = (seller + 1 + random.nextInt(TRADE_PLAYERS - 1)) % TRADE_PLAYERS;
        long sent = System.nanoTime();
        return http.post("/trades").sendJson(new JsonObject().put("sellId", "trader-" + seller)
                .put("buyId", "trader-" + buyer).put("amount", 1).put("price", 1))
            .map(response -> {
              assertEquals(200, response.statusCode(), response.bodyAsString());
              latencies.add((System.nanoTime() - sent) / 1000);
              return response;
            });
      }));
    }
    for (int i = 0; i < readers; i++) {
      boolean counts = i % 2 == 0;
      loops.add(loop(stop, () -> raw.request(HttpMethod.GET, counts ? "/players/count"
              : String.format("/players?limit=1000&after=big-%07d", ThreadLocalRandom.current().nextInt(ROWS)))
          .compose(HttpClientRequest::send)
          .compose(response -> response.end().map(done -> {
            readStatuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            return null;
          }))));
    }
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      if (sample != null) {
        sample.run();
      }
      Sleep.millis(20);
    }
    stop.set(true);
    Future.all(loops).await();
    if (readers > 0) {
      LOG.info("reads answered by status: {}", readStatuses);
      assertTrue(readStatuses.getOrDefault(200, new AtomicInteger()).get() > 0, "reads were served too");
    }
    return new ArrayList<>(latencies);
  }

  /** Calls {@code call} again as each answer arrives, until {@code stop}; fails with the first failure. */
  private static Future<Void> loop(AtomicBoolean stop, Supplier<Future<?>> call) {
    Promise<Void> done = Promise.promise();
    next(stop, call, done);
    return done.future();
  }

  private static void next(AtomicBoolean stop, Supplier<Future<?>> call, Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    call.get().onComplete(result -> {
      if (result.failed()) {
        done.fail(result.cause());
      } else {
        next(stop, call, done);
      }
    });
  }

  /** The service's list pages and counts running on the database now. */
  private static int readsInFlight(SqlConnection observer) {
    int running = 0;
    for (Row row : observer.query("SHOW FULL PROCESSLIST").execute().await()) {
      String info = row.getString("Info");
      if (info != null && (info.startsWith("SELECT id, coins, goods FROM player WHERE id > ")
          || info.startsWith("SELECT id, coins, goods FROM player ORDER BY id") || info.equals("SELECT COUNT(*) FROM player"))) {
        running++;
      }
    }
    return running;
  }

  private static long p99(List<Long> latencies) {
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
  }
}
