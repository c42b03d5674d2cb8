package io.playerservice.bus;

import io.playerservice.admission.Admission;
import io.playerservice.admission.Places;
import io.playerservice.admission.Places.Lane;
import io.playerservice.error.ApiError;
import io.playerservice.idempotency.IdempotencyKey;
import io.playerservice.idempotency.IdempotentWrites;
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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API's use cases on the event bus, for verticles on this node or another. Requests
 * are JSON objects, replies are shaped like the HTTP bodies, and a failure is
 * {@code message.fail(status, detail)} with the status and detail HTTP would answer (400, 404, 409,
 * 503, 504, 500), by the same deadline ({@code REQUEST_TIMEOUT_MS}).
 */
public final class EventBusApi {
  private static final Set<String> ID_ONLY = Set.of("id");
  private static final Set<String> READS = Set.of(Addresses.PLAYERS_GET, Addresses.PLAYERS_LIST,
      Addresses.PLAYERS_COUNT, Addresses.TRADES_GET, Addresses.TRADES_LIST);
  /** The expensive reads, which need a read place too, as over HTTP ({@link Places}). */
  private static final Set<String> LISTINGS = Set.of(Addresses.PLAYERS_LIST, Addresses.TRADES_LIST);
  /** The reply header that marks an answer given again for an Idempotency-Key, as over HTTP. */
  public static final String REPLAYED = "Idempotent-Replayed";
  /** How often a drain looks whether the requests in flight have been answered. */
  private static final long DRAIN_POLL_MS = 20;

  private final Vertx vertx;
  private final Places admission;
  /** REQUEST_TIMEOUT_MS: a request not answered by then gets a 504, as over HTTP. */
  private final long timeoutMs;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  /** Requests taken and not yet answered, so a shutdown can wait for them. */
  private final AtomicInteger inFlight = new AtomicInteger();

  private EventBusApi(Vertx vertx, Places admission, long timeoutMs) {
    this.vertx = vertx;
    this.admission = admission;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Registers every consumer; completes once the registrations have reached the cluster. A
   * request passes {@code admission}, the same as HTTP's on this event loop, and is answered 503
   * when shed; one not answered within {@code timeoutMs} gets a 504. The count passes without a
   * place, as over HTTP: its shared statement takes one.
   */
  public static Future<EventBusApi> register(Vertx vertx, String prefix, Places admission, long timeoutMs,
      PlayerService players, IdempotentWrites writes, TradeHistory history) {
    EventBus bus = vertx.eventBus();
    EventBusApi api = new EventBusApi(vertx, admission, timeoutMs);
    List<Future<Void>> registered = new ArrayList<>();
    Binder bind = (address, handler) -> registered.add(api.consume(bus, prefix, address, handler));

    bind.to(Addresses.PLAYERS_CREATE, (body, key) -> writes.createPlayer(key, PlayerRequests.newPlayer(body), body));
    bind.to(Addresses.PLAYERS_GET, (body, key) -> players.get(id(body)).map(Player::toJson));
    bind.to(Addresses.PLAYERS_LIST, (body, key) -> players.list(PlayerRequests.page(body))
        .map(list -> new JsonArray(list.stream().map(Player::toJson).toList())));
    bind.to(Addresses.PLAYERS_COUNT, (body, key) -> {
      Fields.allowOnly(body, Set.of());
      return players.count();
    });
    bind.to(Addresses.PLAYERS_BULK, (body, key) -> writes.createPlayers(key, PlayerRequests.newPlayers(body),
        body.getJsonArray("players")));
    bind.to(Addresses.PLAYERS_UPDATE, (body, key) -> players.replace(PlayerRequests.replacement(
        Fields.id(body, "id"), body)).map(Player::toJson));
    bind.to(Addresses.PLAYERS_DELETE, (body, key) -> players.delete(id(body)).map(done -> new JsonObject()));
    bind.to(Addresses.TRADES_EXECUTE, (body, key) -> writes.trade(key, Trade.fromJson(body)));
    bind.to(Addresses.TRADES_GET, (body, key) -> {
      Fields.allowOnly(body, ID_ONLY);
      return history.get(TradeRecord.parseId(Fields.text(body, "id"))).map(TradeResult::toJson);
    });
    bind.to(Addresses.TRADES_LIST, (body, key) -> history.list(TradeQuery.fromJson(body)).map(TradePage::toJson));
    return Future.all(registered).map(api);
  }

  /**
   * Stops taking requests, then waits until those in flight have been answered, for at most
   * {@code graceMs}: their transactions need the pool, which closes after this.
   */
  public Future<Void> drain(Vertx vertx, long graceMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
    Promise<Void> drained = Promise.promise();
    Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .onComplete(unregistered -> awaitIdle(vertx, deadline, drained));
    return drained.future();
  }

  private void awaitIdle(Vertx vertx, long deadline, Promise<Void> drained) {
    if (inFlight.get() == 0 || System.nanoTime() - deadline >= 0) {
      drained.complete();
    } else {
      vertx.setTimer(DRAIN_POLL_MS, id -> awaitIdle(vertx, deadline, drained));
    }
  }

  /** A use case on the bus: the request body and its Idempotency-Key header (null: none). */
  @FunctionalInterface
  private interface UseCase {
    Future<?> apply(JsonObject body, IdempotencyKey key);
  }

  @FunctionalInterface
  private interface Binder {
    void to(String address, UseCase handler);
  }

  private Future<Void> consume(EventBus bus, String prefix, String address, UseCase handler) {
    MessageConsumer<Object> consumer = bus.consumer(prefix + address, message -> handle(message, address, handler));
    consumers.add(consumer);
    return consumer.completion();
  }

  private void handle(Message<Object> message, String address, UseCase handler) {
    inFlight.incrementAndGet();
    // Only the creating requests take a key; a read ignores it, as HTTP's GETs do.
    String keyHeader = READS.contains(address) ? null : message.headers().get(IdempotencyKey.HEADER);
    Exchange exchange = new Exchange(vertx, message, timeoutMs, !READS.contains(address), keyHeader != null,
        address.equals(Addresses.TRADES_EXECUTE));
    Lane lane = address.equals(Addresses.PLAYERS_COUNT) ? Lane.COUNT
        : LISTINGS.contains(address) ? Lane.READS : Lane.ALL;
    admission.enter(lane, new Admission.Waiter() {
      @Override
      public void admit() {
        run(message, handler, keyHeader, exchange, lane);
      }

      @Override
      public void shed() {
        EventBusApi.this.shed(exchange);
      }

      @Override
      public boolean gone() {
        return exchange.answered();
      }
    });
  }

  private void shed(Exchange exchange) {
    inFlight.decrementAndGet();
    exchange.complete(Future.failedFuture(ApiError.unavailable(Admission.OVERLOADED)));
  }

  /** Runs an admitted request; its places ({@code lane}) are given back once it has ended, answered or not. */
  private void run(Message<Object> message, UseCase handler, String keyHeader, Exchange exchange, Lane lane) {
    long admitted = System.nanoTime();
    Future<?> reply;
    try {
      if (!(message.body() instanceof JsonObject body)) {
        throw ApiError.invalid("the request must be a JSON object");
      }
      reply = handler.apply(body, keyHeader == null ? null : new IdempotencyKey(keyHeader));
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(result -> {
      inFlight.decrementAndGet(); // only now: a request answered 504 still holds the pool until it ends
      admission.leave(lane, admitted);
      exchange.complete(result);
    });
  }

  private static String id(JsonObject body) {
    Fields.allowOnly(body, ID_ONLY);
    return Fields.id(body, "id");
  }
}
