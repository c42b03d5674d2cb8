package io.playerservice.bus;

import io.playerservice.idempotency.IdempotencyKey;
import io.playerservice.player.Player;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradePage;
import io.playerservice.trade.TradeResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * A typed client of {@link EventBusApi} for other verticles, on this node or anywhere in the
 * cluster. A refusal fails the future with a {@link ReplyException} whose
 * {@link #status(Throwable) status} is what HTTP would have answered.
 */
public final class PlayerClient {
  /**
   * How long a request may wait for its answer before failing (the bus's own default is 30 s).
   * The service answers 504 itself when its {@code REQUEST_TIMEOUT_MS} (10 s by default) passes;
   * one second more lets that answer, which says how to learn the outcome, arrive first. This
   * timeout is for a node that never answers at all.
   */
  public static final long DEFAULT_TIMEOUT_MS = 11_000;

  private final EventBus bus;
  private final String prefix;
  private final DeliveryOptions delivery;

  /** A client of the service deployed with {@code BUS_ADDRESS_PREFIX = prefix}. */
  public PlayerClient(EventBus bus, String prefix) {
    this(bus, prefix, DEFAULT_TIMEOUT_MS);
  }

  /**
   * As {@link #PlayerClient(EventBus, String)}, giving up after {@code timeoutMs}: set it above the
   * service's {@code REQUEST_TIMEOUT_MS}, so that the service's own 504 arrives first.
   */
  public PlayerClient(EventBus bus, String prefix, long timeoutMs) {
    this.bus = bus;
    this.prefix = prefix;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  public Future<Player> create(String id, int coins, int goods) {
    return request(Addresses.PLAYERS_CREATE, new JsonObject().put("id", id).put("coins", coins).put("goods", goods))
        .map(reply -> Player.fromJson((JsonObject) reply));
  }

  /** Creates a player with a generated id. */
  public Future<Player> create(int coins, int goods) {
    return request(Addresses.PLAYERS_CREATE, new JsonObject().put("coins", coins).put("goods", goods))
        .map(reply -> Player.fromJson((JsonObject) reply));
  }

  public Future<Player> get(String id) {
    return request(Addresses.PLAYERS_GET, new JsonObject().put("id", id)).map(reply -> Player.fromJson((JsonObject) reply));
  }

  /** Up to {@code limit} players after {@code after} (null: from the start), in id order. */
  public Future<List<Player>> list(int limit, String after) {
    JsonObject body = new JsonObject().put("limit", limit);
    if (after != null) {
      body.put("after", after);
    }
    return request(Addresses.PLAYERS_LIST, body)
        .map(reply -> ((JsonArray) reply).stream().map(p -> Player.fromJson((JsonObject) p)).toList());
  }

  public Future<Long> count() {
    return request(Addresses.PLAYERS_COUNT, new JsonObject()).map(reply -> ((JsonObject) reply).getLong("count"));
  }

  /** All or nothing, as {@code POST /players/bulk}. */
  public Future<Integer> createAll(List<Player> players) {
    JsonArray array = new JsonArray(players.stream().map(Player::toJson).toList());
    return request(Addresses.PLAYERS_BULK, new JsonObject().put("players", array))
        .map(reply -> ((JsonObject) reply).getInteger("created"));
  }

  public Future<Player> update(Player player) {
    return request(Addresses.PLAYERS_UPDATE, player.toJson()).map(reply -> Player.fromJson((JsonObject) reply));
  }

  public Future<Void> delete(String id) {
    return request(Addresses.PLAYERS_DELETE, new JsonObject().put("id", id)).mapEmpty();
  }

  public Future<TradeResult> trade(Trade trade) {
    return trade(trade, null);
  }

  /**
   * A trade made at most once for {@code idempotencyKey} (null: none), however often it is sent:
   * a repeat gets the first answer, as over HTTP.
   */
  public Future<TradeResult> trade(Trade trade, String idempotencyKey) {
    DeliveryOptions options = idempotencyKey == null ? delivery
        : new DeliveryOptions(delivery).addHeader(IdempotencyKey.HEADER, idempotencyKey);
    return bus.request(prefix + Addresses.TRADES_EXECUTE, trade.toJson(), options)
        .map(reply -> TradeResult.fromJson((JsonObject) reply.body()));
  }

  /** One trade of the ledger. */
  public Future<TradeResult> tradeById(UUID id) {
    return request(Addresses.TRADES_GET, new JsonObject().put("id", id.toString()))
        .map(reply -> TradeResult.fromJson((JsonObject) reply));
  }

  /** A page of the ledger, newest first: {@code player}'s trades (null: everyone's), after the cursor {@code after}. */
  public Future<TradePage> trades(String player, int limit, String after) {
    JsonObject body = new JsonObject().put("limit", limit);
    if (player != null) {
      body.put("player", player);
    }
    if (after != null) {
      body.put("after", after);
    }
    return request(Addresses.TRADES_LIST, body).map(reply -> TradePage.fromJson((JsonObject) reply));
  }

  /**
   * The HTTP-like status of a failed request: the service's own code (400, 404, 409, 503, 504,
   * 500); 503 when no node serves the address; 504 when no answer came in time.
   */
  public static int status(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> reply.failureCode();
        case NO_HANDLERS -> 503;
        case TIMEOUT -> 504;
        default -> 500;
      };
    }
    return 500;
  }

  private Future<Object> request(String address, JsonObject body) {
    return bus.request(prefix + address, body, delivery).map(message -> message.body());
  }
}
