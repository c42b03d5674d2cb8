package io.playerservice.loadtest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * A {@link LoadLoop}'s HTTP client: sends the requests its loop schedules and records each outcome
 * into the current run's stats and keys, on that loop's event loop only. It sends prebuilt requests
 * and reads only the status and the headers the checks need; the bodies are dropped unread.
 */
final class LoadClient {
  /** Sends of one trade, the first included, before its outcome is reported as it stands. */
  static final int MAX_ATTEMPTS = 10;

  private final Vertx vertx;
  private final LoadOptions options;
  private final HttpClientAgent client;
  private LoadStats.Loop stats;
  private LoopKeys keys;

  LoadClient(Vertx vertx, LoadOptions options, int connections) {
    this.vertx = vertx;
    this.options = options;
    URI url = options.url();
    boolean tls = "https".equals(url.getScheme());
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost(url.getHost())
            .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
            .setSsl(tls),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  /** Where the outcomes go from now on: a run's. */
  void recordInto(LoadStats.Loop stats, LoopKeys keys) {
    this.stats = stats;
    this.keys = keys;
  }

  /** A trade, or a read for the --mix share; records the outcome; never fails. */
  Future<Void> sendOne(long intendedNanos) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (options.mixPercent() > 0 && random.nextInt(100) < options.mixPercent()) {
      return client.request(HttpMethod.GET, LoadRequests.read(random.nextInt(options.players())))
          .compose(request -> request.send())
          .compose(LoadClient::ended)
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

  Future<Void> close() {
    return client.close();
  }

  /**
   * Sends a trade with its Idempotency-Key (null: none, and no retry), and again with the same
   * key after a 503, a 504 or a transport error (up to {@link #MAX_ATTEMPTS} sends, waiting
   * {@code Retry-After} or a growing backoff), so that an outcome the service could not report is
   * learned, never guessed. The latency recorded is the whole, retries included.
   */
  private Future<HttpClientResponse> trade(String key, Buffer body, int attempt) {
    Future<HttpClientResponse> sent = client.request(LoadRequests.TRADE).compose(request -> {
      request.putHeader(LoadRequests.CONTENT_TYPE, LoadRequests.JSON);
      if (key != null) {
        request.putHeader(LoadRequests.IDEMPOTENCY_KEY, key);
      }
      return request.send(body);
    }).compose(LoadClient::ended);
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
