package io.playerservice.idempotency;

import io.playerservice.player.Player;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeResult;
import io.playerservice.trade.TradeService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The three requests that create something, each exactly once per Idempotency-Key, for HTTP and
 * the event bus alike: the answers they store, and what their fingerprints cover.
 */
public final class IdempotentWrites {
  private final Idempotency idempotency;
  private final PlayerService players;
  private final TradeService trades;

  public IdempotentWrites(Idempotency idempotency, PlayerService players, TradeService trades) {
    this.idempotency = idempotency;
    this.players = players;
    this.trades = trades;
  }

  /** 200 with both balances and the ledger row; {@code Location} is the ledger row. */
  public Future<StoredAnswer> trade(IdempotencyKey key, Trade trade) {
    return idempotency.run(key, "trade", trade.toJson(),
        (TradeResult result) -> StoredAnswer.of(200, result.toJson(), result.trade().location()),
        claim -> trades.trade(trade, claim));
  }

  /** 201 with the player; {@code request} is the body as sent, so a generated id is not in it. */
  public Future<StoredAnswer> createPlayer(IdempotencyKey key, Player player, JsonObject request) {
    return idempotency.run(key, "createPlayer", request,
        (Player created) -> StoredAnswer.of(201, created.toJson(), created.location()),
        claim -> players.create(player, claim));
  }

  /** 201 with how many were created. */
  public Future<StoredAnswer> createPlayers(IdempotencyKey key, List<Player> batch, JsonArray request) {
    return idempotency.run(key, "createPlayers", request,
        (Integer created) -> StoredAnswer.of(201, new JsonObject().put("created", created), null),
        claim -> players.createAll(batch, claim));
  }
}
