package io.playerservice.trade;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.KeyedWrite;
import io.playerservice.error.Failures;
import io.playerservice.metrics.TradeMetrics;
import io.playerservice.player.Player;
import io.playerservice.player.PlayerRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The trade: one transaction that locks both players in id order, checks, then writes both
 * balances, the ledger row and (when the request has one) its Idempotency-Key. Locking both rows
 * with one ordered statement means two trades can never deadlock each other; a deadlock with any
 * other writer is retried with the whole transaction.
 */
public final class TradeService {
  private static final Logger LOG = LoggerFactory.getLogger(TradeService.class);

  private final Vertx vertx;
  private final Pool pool;
  private final PlayerRepository players;
  private final TradeRepository ledger;
  private final int maxAttempts;
  private final long deadlineNanos;
  private final long lockWaitNanos;
  private final TradeMetrics metrics;
  private final TradeWatch watch;

  /**
   * Runs each trade up to TRADE_MAX_ATTEMPTS times, the first included, and retries a lock wait
   * timeout only while another whole wait fits in REQUEST_TIMEOUT_MS (see {@link #retryable}).
   */
  public TradeService(Vertx vertx, Pool pool, PlayerRepository players, TradeRepository ledger, ServiceConfig config,
      TradeMetrics metrics) {
    this(vertx, pool, players, ledger, config, metrics, TradeWatch.CLOCK);
  }

  /** As above, telling {@code watch} of each run of a trade's transaction (the live feed). */
  public TradeService(Vertx vertx, Pool pool, PlayerRepository players, TradeRepository ledger, ServiceConfig config,
      TradeMetrics metrics, TradeWatch watch) {
    this.vertx = vertx;
    this.pool = pool;
    this.players = players;
    this.ledger = ledger;
    this.maxAttempts = config.tradeMaxAttempts();
    this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
    this.lockWaitNanos = TimeUnit.SECONDS.toNanos(config.lockWaitTimeoutSeconds());
    this.metrics = metrics;
    this.watch = watch;
  }

  /** {@code claim} stores the answer under the request's Idempotency-Key ({@link KeyedWrite#none()}: no key). */
  public Future<TradeResult> trade(Trade trade, KeyedWrite<TradeResult> claim) {
    return attempt(trade, claim, 1, System.nanoTime())
        .onSuccess(result -> metrics.succeeded())
        .onFailure(metrics::failed);
  }

  private Future<TradeResult> attempt(Trade trade, KeyedWrite<TradeResult> claim, int attempt, long start) {
    TradeWatch.Run run = watch.run();
    return pool.withTransaction(conn -> execute(conn, trade, claim, run))
        .andThen(run::ended) // once COMMIT or ROLLBACK has answered: the row is visible, or never will be
        .recover(failure -> {
          int code = Retry.retryableCode(failure);
          if (code < 0 || attempt >= maxAttempts || !retryable(code, start)) {
            return Future.failedFuture(failure);
          }
          metrics.retried(code);
          long delay = Retry.delayMillis(attempt);
          LOG.debug("trade {} -> {} hit error {} on attempt {}; retrying in {} ms",
              trade.sellId(), trade.buyId(), code, attempt, delay);
          return vertx.timer(delay, TimeUnit.MILLISECONDS).compose(v -> attempt(trade, claim, attempt + 1, start));
        });
  }

  /**
   * A lock wait timeout (1205) takes a whole innodb_lock_wait_timeout to come back, so it is run
   * again only while another wait, and as long again to answer, fit before the request's
   * deadline: past that the answer would be the deadline's 504 (outcome unknown), and a 503
   * (nothing changed) is the honest one. Deadlocks and TiDB's conflicts come back at once.
   */
  private boolean retryable(int code, long start) {
    return code != Failures.LOCK_WAIT_TIMEOUT || System.nanoTime() - start + 2 * lockWaitNanos <= deadlineNanos;
  }

  /**
   * Lock both, settle (which throws a refusal and so rolls back), then the writes, which depend on
   * nothing but the settled balances. They are queued together and go one round trip each, since
   * the client's pipelining (vertx-mysql-client 5.0.10) leaves commands uncompleted when a connection
   * closes mid-pipeline. Future.join, not all: the transaction ends only once every write has.
   */
  private Future<TradeResult> execute(SqlConnection conn, Trade trade, KeyedWrite<TradeResult> claim,
      TradeWatch.Run run) {
    return players.lockPair(conn, trade.sellId(), trade.buyId())
        .map(locked -> trade.settle(find(locked, trade.sellId()), find(locked, trade.buyId()),
            trade.record(randomId(), run.stamp(), claim.key())))
        .compose(result -> Future.join(
                players.replacePair(conn, result.seller(), result.buyer()),
                ledger.insert(conn, result),
                claim.save(conn, result))
            .map(result));
  }

  /**
   * A version 4 UUID. Random, so ledger inserts spread over TiDB's regions; not secret, so the
   * event loop's own generator serves, without SecureRandom's shared lock.
   */
  private static UUID randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xCL << 60)) | (0x8L << 60);
    return new UUID(high, low);
  }

  private static Player find(List<Player> players, String id) {
    for (Player player : players) {
      if (player.id().equals(id)) {
        return player;
      }
    }
    return null;
  }
}
