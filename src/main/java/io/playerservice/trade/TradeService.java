package io.playerservice.trade;

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
import java.util.concurrent.TimeUnit;

/**
 * The trade: one transaction that locks both players in id order, checks, and updates both.
 * Locking both rows with one ordered statement means two trades can never deadlock each other;
 * a deadlock with any other writer is retried with the whole transaction.
 */
public final class TradeService {
  private static final Logger LOG = LoggerFactory.getLogger(TradeService.class);

  private final Vertx vertx;
  private final Pool pool;
  private final PlayerRepository players;
  private final int maxAttempts;
  private final TradeMetrics metrics;

  /** {@code maxAttempts} counts every run of the transaction, the first included. */
  public TradeService(Vertx vertx, Pool pool, PlayerRepository players, int maxAttempts, TradeMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.players = players;
    this.maxAttempts = maxAttempts;
    this.metrics = metrics;
  }

  public Future<TradeResult> trade(Trade trade) {
    return attempt(trade, 1)
        .onSuccess(result -> metrics.succeeded())
        .onFailure(metrics::failed);
  }

  private Future<TradeResult> attempt(Trade trade, int attempt) {
    return pool.withTransaction(conn -> execute(conn, trade))
        .recover(failure -> {
          int code = Retry.retryableCode(failure);
          if (code < 0 || attempt >= maxAttempts) {
            return Future.failedFuture(failure);
          }
          metrics.retried(code);
          long delay = Retry.delayMillis(attempt);
          LOG.debug("trade {} -> {} hit error {} on attempt {}; retrying in {} ms",
              trade.sellId(), trade.buyId(), code, attempt, delay);
          return vertx.timer(delay, TimeUnit.MILLISECONDS).compose(v -> attempt(trade, attempt + 1));
        });
  }

  /** Lock both, settle (which throws a rejection and so rolls back), write both. */
  private Future<TradeResult> execute(SqlConnection conn, Trade trade) {
    return players.lockPair(conn, trade.sellId(), trade.buyId())
        .map(locked -> trade.settle(find(locked, trade.sellId()), find(locked, trade.buyId())))
        .compose(result -> players.replacePair(conn, result.seller(), result.buyer()).map(result));
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
