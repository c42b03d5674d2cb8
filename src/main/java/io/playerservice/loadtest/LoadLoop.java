package io.playerservice.loadtest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the load, deployed once per {@code --threads}: an HTTP client and
 * connections of its own, and the stats and keys it records into, all touched on this verticle's
 * event loop only, so the hot path takes no lock. It sends prebuilt requests and reads only the
 * status and the headers the checks need; the response bodies are dropped unread.
 */
final class LoadLoop extends VerticleBase {
  /** Sends of one trade, the first included, before its outcome is reported as it stands. */
  static final int MAX_ATTEMPTS = 10;

  private final LoadOptions options;
  private final int index;
  private final int connections;
  private HttpClientAgent client;
  /** The current run's; set on the event loop when a run starts. */
  private LoadStats.Loop stats;
  private ExactlyOnceCheck.Keys keys;
  private long unfinished;

  /** Loop {@code index} of {@code options.threads()}, with its share of the connections. */
  LoadLoop(LoadOptions options, int index) {
    this.options = options;
    this.index = index;
    this.connections = options.connections() / options.threads()
        + (index < options.connections() % options.threads() ? 1 : 0);
  }

  @Override
  public Future<?> start() {
    URI url = options.url();
    boolean tls = "https".equals(url.getScheme());
    client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost(url.getHost())
            .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
            .setSsl(tls),
        new PoolOptions().setHttp1MaxSize(connections));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  /** Closed model until {@code end} ({@link System#nanoTime}): each connection sends again when answered. */
  Future<Void> closed(long end, LoadStats.Loop stats, ExactlyOnceCheck.Keys keys) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      begin(stats, keys, connections);
      for (int i = 0; i < connections; i++) {
        next(end, done);
      }
    });
    return done.future();
  }

  /** Each request starts from the last one's callback; no future chain grows with the count. */
  private void next(long end, Promise<Void> done) {
    long now = System.nanoTime();
    if (now >= end) {
      finishOne(done);
      return;
    }
    sendOne(now).onComplete(ignored -> next(end, done));
  }

  /**
   * Open model: of the {@code total} requests, request n is due at start + n × period whether or
   * not earlier ones have answered, and its latency counts from that due time (no coordinated
   * omission). This loop sends n = index, index + threads, ...
   */
  Future<Void> open(long start, long total, double periodNanos, LoadStats.Loop stats, ExactlyOnceCheck.Keys keys) {
    int stride = options.threads();
    long mine = total > index ? (total - index + stride - 1) / stride : 0;
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      begin(stats, keys, mine);
      if (mine == 0) {
        done.complete();
        return;
      }
      long[] next = {index};
      vertx.setPeriodic(1, timer -> {
        long due = Math.min(total, (long) ((System.nanoTime() - start) / periodNanos) + 1);
        for (; next[0] < due; next[0] += stride) {
          sendOne(start + (long) (next[0] * periodNanos)).onComplete(ignored -> finishOne(done));
        }
        if (next[0] >= total) {
          vertx.cancelTimer(timer);
        }
      });
    });
    return done.future();
  }

  private void begin(LoadStats.Loop stats, ExactlyOnceCheck.Keys keys, long unfinished) {
    this.stats = stats;
    this.keys = keys;
    this.unfinished = unfinished;
  }

  private void finishOne(Promise<Void> done) {
    if (--unfinished == 0) {
      done.complete();
    }
  }

  /** A trade, or a read for the --mix share; records the outcome; never fails. */
  private Future<Void> sendOne(long intendedNanos) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (options.mixPercent() > 0 && random.nextInt(100) < options.mixPercent()) {
      return client.request(HttpMethod.GET, LoadRequests.read(random.nextInt(options.players())))
          .compose(request -> request.send())
          .compose(LoadLoop::ended)
          .transform(ar -> {
            stats.read(status(ar));
            return Future.succeededFuture();
          });
    }
    PlayerPair pair = PlayerPair.random(options.hot());
    Buffer body = LoadRequests.trade(pair.seller(), pair.buyer());
    int number = options.keys() ? keys.nextNumber() : -1;
    return trade(options.keys() ? keys.key(number) : null, body, 1).transform(ar -> {
      int status = status(ar);
      if (options.keys() && status == 200) {
        keys.answered200(number);
      } else if (options.keys() && status / 100 != 4) {
        keys.unresolved(number); // retries ran out: the trade may or may not have happened
      }
      stats.trade((System.nanoTime() - intendedNanos) / 1000, status);
      return Future.succeededFuture();
    });
  }

  /**
   * Sends a trade with its Idempotency-Key (null: none, and no retry), and again with the same
   * key after a 503, a 504 or a transport error (up to {@link #MAX_ATTEMPTS} sends,
   * waiting {@code Retry-After} or a growing backoff), so that an outcome the service could not
   * report is learned, never guessed. The latency recorded is the whole, retries included.
   */
  private Future<HttpClientResponse> trade(String key, Buffer body, int attempt) {
    Future<HttpClientResponse> sent = client.request(LoadRequests.TRADE).compose(request -> {
      request.putHeader(LoadRequests.CONTENT_TYPE, LoadRequests.JSON);
      if (key != null) {
        request.putHeader(LoadRequests.IDEMPOTENCY_KEY, key);
      }
      return request.send(body);
    }).compose(LoadLoop::ended);
    if (key == null) {
      return sent;
    }
    return sent.transform(ar -> {
      int status = status(ar);
      if (status != 0 && status != 503 && status != 504 || attempt >= MAX_ATTEMPTS) {
        if (attempt > 1) {
          stats.retried(ar.succeeded() && "true".equals(ar.result().getHeader(LoadRequests.IDEMPOTENT_REPLAYED)));
        }
        return sent;
      }
      return vertx.timer(retryDelayMillis(ar, attempt), TimeUnit.MILLISECONDS)
          .compose(v -> trade(key, body, attempt + 1));
    });
  }

  /** The response once its body has arrived, unread, so that its connection is free for the next. */
  private static Future<HttpClientResponse> ended(HttpClientResponse response) {
    return response.end().map(response);
  }

  /** {@code Retry-After} when the service gave one, else 50 ms doubling up to 1 s. */
  private static long retryDelayMillis(AsyncResult<HttpClientResponse> ar, int attempt) {
    String retryAfter = ar.succeeded() ? ar.result().getHeader(LoadRequests.RETRY_AFTER) : null;
    if (retryAfter != null && retryAfter.matches("\\d{1,4}")) {
      return Long.parseLong(retryAfter) * 1000;
    }
    return Math.min(1000, 50L << Math.min(attempt - 1, 5));
  }

  /** The HTTP status, or 0 for a transport error. */
  private static int status(AsyncResult<HttpClientResponse> ar) {
    return ar.succeeded() ? ar.result().statusCode() : 0;
  }
}
