package io.playerservice.db;

import io.playerservice.idempotency.IdempotencyRepository;
import io.playerservice.player.PlayerRepository;
import io.playerservice.trade.TradeRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.List;

/**
 * The service's tables, created at start when missing (never dropped or altered): {@code player},
 * the {@code trade} ledger and {@code idempotency_key}. {@code player_init.sql} holds the same.
 */
public final class Schema {
  static final List<String> CREATE_TABLES = List.of(PlayerRepository.CREATE_TABLE_IF_MISSING,
      TradeRepository.CREATE_TABLE_IF_MISSING, IdempotencyRepository.CREATE_TABLE_IF_MISSING);

  private Schema() {
  }

  public static Future<Void> ensure(Pool pool) {
    Future<Void> chain = Future.succeededFuture();
    for (String create : CREATE_TABLES) {
      chain = chain.compose(done -> pool.query(create).execute().mapEmpty());
    }
    return chain;
  }
}
