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
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoadLoop}'s HTTP client: sends the requests its loop schedules, of the kinds the mix
 * draws, and records each outcome into the current run's stats and keys, on that loop's event
 * loop only. It sends prebuilt requests and reads only the status and the headers the checks
 * need; the bodies are dropped unread.
 */
final class LoadClient {
  /** Sends of one keyed request, the first included, before its outcome is reported as it stands. */
  static final int MAX_ATTEMPTS = 10;

  private final Vertx vertx;
  private final LoadOptions options;
  private final HttpClientAgent client;
  private final boolean tradesOnly;
  private LoopStats stats;
  private LoopKeys tradeKeys;
  private LoopKeys bulkKeys;

  LoadClient(Vertx vertx, LoadOptions options, int connections) {
    this.vertx = vertx;
    this.options = options;
    this.tradesOnly = options.mix().tradesOnly();
    URI url = options.url();
    boolean tls = "https".equals(url.getScheme());
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost(url.getHost())
            .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
            .setSsl(tls),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  /** Where the outcomes go from now on: a run's. */
  void recordInto(LoopStats stats, LoopKeys tradeKeys, LoopKeys bulkKeys) {
    this.stats = stats;
    this.tradeKeys = tradeKeys;
    this.bulkKeys = bulkKeys;
  }

  /** One request of a kind the mix draws, due at {@code intendedNanos}; records the outcome; never fails. */
  Future<Void> sendOne(long intendedNanos) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Kind kind = tradesOnly ? Kind.TRADE : options.mix().pick(random);
    return switch (kind) {
      case TRADE -> trade(intendedNanos);
      case BULK -> bulk(intendedNanos);
      case GET -> read(Kind.GET, LoadRequests.read(random.nextInt(options.players())), intendedNanos);
      case LIST -> read(Kind.LIST, LoadRequests.list(random.nextInt(options.players())), intendedNanos);
      case COUNT -> read(Kind.COUNT, LoadRequests.COUNT, intendedNanos);
      case LEDGER -> read(Kind.LEDGER, LoadRequests.ledger(random.nextInt(options.hot())), intendedNanos);
    };
  }

  Future<Void> close() {
    return client.close();
  }

  private Future<Void> read(Kind kind, String uri, long intendedNanos) {
    return client.request(HttpMethod.GET, uri)
        .compose(request -> request.send())
        .compose(LoadClient::ended)
        .transform(ar -> {
          stats.sent(status(ar));
          stats.answered(kind, (System.nanoTime() - intendedNanos) / 1000, status(ar));
          return Future.succeededFuture();
        });
  }

  private Future<Void> trade(long intendedNanos) {
    PlayerPair pair = PlayerPair.random(options.hot());
    int number = options.keys() ? tradeKeys.nextNumber() : -1;
    return send(LoadRequests.TRADE, options.keys() ? tradeKeys.key(number) : null,
        LoadRequests.trade(pair.seller(), pair.buyer()), 1).transform(ar -> {
          if (options.keys()) {
            settle(tradeKeys, number, Kind.TRADE, status(ar));
          }
          stats.answered(Kind.TRADE, (System.nanoTime() - intendedNanos) / 1000, status(ar));
          return Future.succeededFuture();
        });
  }

  /** Bulk creates are always numbered: the numbers name their players, keyed or not. */
  private Future<Void> bulk(long intendedNanos) {
    int number = bulkKeys.nextNumber();
    String key = bulkKeys.key(number);
    return send(LoadRequests.BULK, options.keys() ? key : null, BulkCheck.players(key).toBuffer(), 1)
        .transform(ar -> {
          settle(bulkKeys, number, Kind.BULK, status(ar));
          stats.answered(Kind.BULK, (System.nanoTime() - intendedNanos) / 1000, status(ar));
          return Future.succeededFuture();
        });
  }

  /** A refusal (4xx) took no effect; any other failure may have: its outcome is unknown. */
  private static void settle(LoopKeys keys, int number, Kind kind, int status) {
    if (status == kind.success) {
      keys.succeeded(number);
    } else if (status / 100 != 4) {
      keys.unresolved(number);
    }
  }

  /**
   * Sends a request with its Idempotency-Key (null: none, and no retry), and again with the same
   * key after a 503, a 504 or a transport error (up to {@link #MAX_ATTEMPTS} sends, waiting
   * {@code Retry-After} or a growing backoff), so that an outcome the service could not report is
   * learned, never guessed. Every answer is counted in its second; the latency recorded is the
   * whole, retries included.
   */
  private Future<HttpClientResponse> send(RequestOptions target, String key, Buffer body, int attempt) {
    Future<HttpClientResponse> sent = client.request(target).compose(request -> {
      request.putHeader(LoadRequests.CONTENT_TYPE, LoadRequests.JSON);
      if (key != null) {
        request.putHeader(LoadRequests.IDEMPOTENCY_KEY, key);
      }
      return request.send(body);
    }).compose(LoadClient::ended);
    return sent.transform(ar -> {
      int status = status(ar);
      stats.sent(status);
      if (key == null || status != 0 && status != 503 && status != 504 || attempt >= MAX_ATTEMPTS) {
        if (attempt > 1) {
          stats.retried(ar.succeeded() && "true".equals(ar.result().getHeader(LoadRequests.IDEMPOTENT_REPLAYED)));
        }
        return sent;
      }
      return vertx.timer(retryDelayMillis(ar, attempt), TimeUnit.MILLISECONDS)
          .compose(v -> send(target, key, body, attempt + 1));
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
