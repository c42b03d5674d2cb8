package io.playerservice.bus;

import io.playerservice.admission.Bulkhead;
import io.playerservice.idempotency.IdempotentWrites;
import io.playerservice.operation.Operation;
import io.playerservice.player.Player;
import io.playerservice.player.PlayerRequests;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradePage;
import io.playerservice.trade.TradeQuery;
import io.playerservice.trade.TradeRecord;
import io.playerservice.trade.TradeResult;
import io.playerservice.validation.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The HTTP API's use cases on the event bus, for verticles on this node or another. Requests
 * are JSON objects, replies are shaped like the HTTP bodies, and a failure is
 * {@code message.fail(status, detail)} with the status and detail HTTP would answer (400, 404, 409,
 * 503, 504, 500), by the same deadline ({@code REQUEST_TIMEOUT_MS}).
 */
public final class EventBusApi {
  private static final Set<String> ID_ONLY = Set.of("id");

  private final BusConsumers consumers;

  private EventBusApi(BusConsumers consumers) {
    this.consumers = consumers;
  }

  /**
   * Registers every consumer; completes once the registrations have reached the cluster. A
   * request passes {@code admission}, the same as HTTP's on this event loop, and is answered 503
   * when shed; one not answered within {@code timeoutMs} gets a 504.
   */
  public static Future<EventBusApi> register(Vertx vertx, String prefix, Bulkhead admission, long timeoutMs,
      PlayerService players, IdempotentWrites writes, TradeHistory history) {
    BusConsumers bus = new BusConsumers(vertx, prefix, admission, timeoutMs);
    bus.bind(Addresses.PLAYERS_CREATE, Operation.CREATE_PLAYER,
        (body, key) -> writes.createPlayer(key, PlayerRequests.newPlayer(body), body));
    bus.bind(Addresses.PLAYERS_GET, Operation.GET_PLAYER, (body, key) -> players.get(id(body)).map(Player::toJson));
    bus.bind(Addresses.PLAYERS_LIST, Operation.LIST_PLAYERS, (body, key) -> players.list(PlayerRequests.page(body))
        .map(list -> new JsonArray(list.stream().map(Player::toJson).toList())));
    bus.bind(Addresses.PLAYERS_COUNT, Operation.COUNT_PLAYERS, (body, key) -> {
      Fields.allowOnly(body, Set.of());
      return players.count();
    });
    bus.bind(Addresses.PLAYERS_BULK, Operation.CREATE_PLAYERS,
        (body, key) -> writes.createPlayers(key, PlayerRequests.newPlayers(body), body.getJsonArray("players")));
    bus.bind(Addresses.PLAYERS_UPDATE, Operation.REPLACE_PLAYER,
        (body, key) -> players.replace(PlayerRequests.replacement(Fields.id(body, "id"), body)).map(Player::toJson));
    bus.bind(Addresses.PLAYERS_DELETE, Operation.DELETE_PLAYER,
        (body, key) -> players.delete(id(body)).map(done -> new JsonObject()));
    bus.bind(Addresses.TRADES_EXECUTE, Operation.TRADE, (body, key) -> writes.trade(key, Trade.fromJson(body)));
    bus.bind(Addresses.TRADES_GET, Operation.GET_TRADE, (body, key) -> {
      Fields.allowOnly(body, ID_ONLY);
      return history.get(TradeRecord.parseId(Fields.text(body, "id"))).map(TradeResult::toJson);
    });
    bus.bind(Addresses.TRADES_LIST, Operation.LIST_TRADES,
        (body, key) -> history.list(TradeQuery.fromJson(body)).map(TradePage::toJson));
    return bus.registered().map(new EventBusApi(bus));
  }

  /**
   * Stops taking requests, then waits until those in flight have been answered, for at most
   * {@code graceMs}: their transactions need the pool, which closes after this.
   */
  public Future<Void> drain(long graceMs) {
    return consumers.drain(graceMs);
  }

  private static String id(JsonObject body) {
    Fields.allowOnly(body, ID_ONLY);
    return Fields.id(body, "id");
  }
}
