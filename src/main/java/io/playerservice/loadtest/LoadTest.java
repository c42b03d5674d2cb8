package io.playerservice.loadtest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running service with concurrent trades over HTTP. Setup and the final checks block
 * {@code main}'s thread; the load itself runs on event loops.
 */
public final class LoadTest {
  static final int AMOUNT = 1;
  static final int PRICE = 10;
  /** Sends of one trade, the first included, before its outcome is reported as it stands. */
  static final int MAX_ATTEMPTS = 10;

  private final Vertx vertx;
  private final LoadOptions options;
  private final PrintStream out;
  private final WebClient http;
  /** Made anew after the warm-up, with a run id of its own, so that only measured trades are checked. */
  private ExactlyOnceCheck exactlyOnce = new ExactlyOnceCheck();
  private LoadStats stats = new LoadStats();

  public LoadTest(Vertx vertx, LoadOptions options, PrintStream out) {
    this.vertx = vertx;
    this.options = options;
    this.out = out;
    this.http = WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost(options.url().getHost())
            .setDefaultPort(port(options))
            .setSsl("https".equals(options.url().getScheme())),
        new PoolOptions().setHttp1MaxSize(options.connections()));
  }

  /** Runs the whole test; returns the exit status (0: no failed request and the books balance). */
  public int run() {
    LoadPlayers players = new LoadPlayers(http);
    out.printf("preparing %d players at %s%n", options.players(), options.url());
    players.ensure(options.players());

    out.printf("%s model, %d connections, %d s, trading among %d players%s%n",
        options.openModel() ? "open (" + options.rate() + " trades/s)" : "closed", options.connections(),
        options.durationSeconds(), options.hot(), options.mixPercent() > 0 ? ", " + options.mixPercent() + "% GETs" : "");
    if (options.warmupSeconds() > 0) {
      out.printf("warming up for %d s (not measured)%n", options.warmupSeconds());
      drive(options.warmupSeconds()).await();
      stats = new LoadStats();
    }
    exactlyOnce = new ExactlyOnceCheck();
    exactlyOnce.start(players, http, options.keys());
    long start = System.nanoTime();
    AtomicLong lastTick = new AtomicLong(start);
    long ticker = vertx.setPeriodic(1000, id -> out.println(tick(start, lastTick)));
    drive(options.durationSeconds()).await();
    vertx.cancelTimer(ticker);
    boolean sizeable = System.nanoTime() - lastTick.get() > 250_000_000L;
    String remainder = tick(start, lastTick); // always counted; printed unless a sliver
    if (sizeable) {
      out.println(remainder);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    Map<String, long[]> balances = players.balances();
    long[] before = LoadPlayers.sums(exactlyOnce.before());
    long[] after = LoadPlayers.sums(balances);
    boolean balanced = before[0] == after[0] && before[1] == after[1];
    JsonObject report = LoadReport.summary(options, stats, seconds, before, after);
    boolean exact = true;
    if (options.keys()) {
      JsonObject ledger = exactlyOnce.verify(http, balances);
      report.put("exactlyOnce", ledger);
      exact = ledger.getBoolean("ok");
    }
    LoadReport.print(report, out);
    LoadReport.write(report, stats, options.out());
    out.printf("report: %s, %s%n", options.out().resolve("report.json"), options.out().resolve("report.html"));
    return balanced && exact && stats.errors() == 0 ? 0 : 1;
  }

  private Future<Void> drive(int seconds) {
    long start = System.nanoTime();
    return options.openModel() ? open(start, seconds) : closed(start + seconds * 1_000_000_000L);
  }

  private String tick(long start, AtomicLong lastTick) {
    long now = System.nanoTime();
    return stats.interval((now - start) / 1e9, (now - lastTick.getAndSet(now)) / 1e9);
  }

  /** Closed model: each connection sends its next request when the previous one answered. */
  private Future<Void> closed(long end) {
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      Promise<Void> done = Promise.promise();
      loop(end, done);
      loops.add(done.future());
    }
    return Future.all(loops).mapEmpty();
  }

  /** Each request starts from the last one's callback; no future chain grows with the count. */
  private void loop(long end, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    sendOne(System.nanoTime()).onComplete(ignored -> loop(end, done));
  }

  /**
   * Open model: request i is due at start + i / rate, whether or not earlier ones have
   * answered, and its latency counts from that due time, so a stall shows in the percentiles
   * instead of silently lowering the load (no coordinated omission).
   */
  private Future<Void> open(long start, int seconds) {
    long total = (long) options.rate() * seconds;
    double periodNanos = 1e9 / options.rate();
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / periodNanos) + 1);
      while (sent.get() < due) {
        long intended = start + (long) (sent.getAndIncrement() * periodNanos);
        sendOne(intended).onComplete(ar -> {
          if (answered.incrementAndGet() == total) {
            done.complete();
          }
        });
      }
      if (sent.get() == total) {
        vertx.cancelTimer(timer);
      }
    });
    return done.future();
  }

  /** A trade, or a read for the --mix share; records the outcome; never fails. */
  private Future<Void> sendOne(long intendedNanos) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (options.mixPercent() > 0 && random.nextInt(100) < options.mixPercent()) {
      return http.get("/players/" + LoadPlayers.id(random.nextInt(options.players()))).send()
          .transform(ar -> {
            stats.read(outcome(ar));
            return Future.succeededFuture();
          });
    }
    int seller = random.nextInt(options.hot());
    int buyer = (seller + 1 + random.nextInt(options.hot() - 1)) % options.hot();
    Buffer trade = new JsonObject().put("sellId", LoadPlayers.id(seller)).put("buyId", LoadPlayers.id(buyer))
        .put("amount", AMOUNT).put("price", PRICE).toBuffer();
    long number = exactlyOnce.nextNumber();
    return trade(options.keys() ? exactlyOnce.key(number) : null, trade, 1).transform(ar -> {
      String outcome = outcome(ar);
      if ("200".equals(outcome)) {
        exactlyOnce.answered200(number);
      } else if (!outcome.startsWith("4")) {
        exactlyOnce.unresolved(number); // retries ran out: the trade may or may not have happened
      }
      stats.trade((System.nanoTime() - intendedNanos) / 1000, outcome);
      return Future.succeededFuture();
    });
  }

  /**
   * Sends a trade with its Idempotency-Key (null: none, and no retry), and again with the same
   * key after a 503, a 504 or a transport error (up to {@link #MAX_ATTEMPTS} sends, waiting {@code Retry-After} or a growing
   * backoff), so that an outcome the service could not report is learned, never guessed. The
   * latency recorded is the whole, retries included.
   */
  private Future<HttpResponse<Buffer>> trade(String key, Buffer body, int attempt) {
    var request = http.post("/trades").putHeader("Content-Type", "application/json");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return request.sendBuffer(body)
        .transform(ar -> {
          boolean unknown = ar.failed() || ar.result().statusCode() == 503 || ar.result().statusCode() == 504;
          if (!unknown || key == null || attempt >= MAX_ATTEMPTS) {
            if (attempt > 1) {
              stats.retried(ar.succeeded() && "true".equals(ar.result().getHeader("Idempotent-Replayed")));
            }
            return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause());
          }
          return vertx.timer(retryDelayMillis(ar, attempt), TimeUnit.MILLISECONDS)
              .compose(v -> trade(key, body, attempt + 1));
        });
  }

  /** {@code Retry-After} when the service gave one, else 50 ms doubling up to 1 s. */
  private static long retryDelayMillis(AsyncResult<HttpResponse<Buffer>> ar, int attempt) {
    String retryAfter = ar.succeeded() ? ar.result().getHeader("Retry-After") : null;
    if (retryAfter != null && retryAfter.matches("\\d{1,4}")) {
      return Long.parseLong(retryAfter) * 1000;
    }
    return Math.min(1000, 50L << Math.min(attempt - 1, 5));
  }

  private static String outcome(AsyncResult<HttpResponse<Buffer>> ar) {
    return ar.succeeded() ? String.valueOf(ar.result().statusCode()) : "connection error";
  }

  private static int port(LoadOptions options) {
    int port = options.url().getPort();
    return port > 0 ? port : "https".equals(options.url().getScheme()) ? 443 : 80;
  }
}
