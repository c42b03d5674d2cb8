package io.playerservice.bus;

import io.playerservice.error.ApiError;
import io.playerservice.error.Failures;
import io.playerservice.error.UnavailableLog;
import io.playerservice.player.Player;
import io.playerservice.player.PlayerRequests;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeService;
import io.playerservice.validation.Fields;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The HTTP API's use cases on the event bus, for verticles on this node or another. Requests
 * are JSON objects, replies are shaped like the HTTP bodies, and a failure is
 * {@code message.fail(status, detail)} with the status HTTP would answer (400, 404, 409, 503, 500).
 */
public final class EventBusApi {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusApi.class);
  private static final Set<String> ID_ONLY = Set.of("id");
  /** How often a drain looks whether the requests in flight have been answered. */
  private static final long DRAIN_POLL_MS = 20;

  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  /** Requests taken and not yet answered, so a shutdown can wait for them. */
  private final AtomicInteger inFlight = new AtomicInteger();

  private EventBusApi() {
  }

  /** Registers every consumer; completes once the registrations have reached the cluster. */
  public static Future<EventBusApi> register(EventBus bus, String prefix, PlayerService players,
      TradeService trades) {
    EventBusApi api = new EventBusApi();
    List<Future<Void>> registered = new ArrayList<>();
    Binder bind = (address, handler) -> registered.add(api.consume(bus, prefix + address, handler));

    bind.to(Addresses.PLAYERS_CREATE, body -> players.create(PlayerRequests.newPlayer(body)).map(Player::toJson));
    bind.to(Addresses.PLAYERS_GET, body -> players.get(id(body)).map(Player::toJson));
    bind.to(Addresses.PLAYERS_LIST, body -> players.list(PlayerRequests.page(body))
        .map(list -> new JsonArray(list.stream().map(Player::toJson).toList())));
    bind.to(Addresses.PLAYERS_COUNT, body -> {
      Fields.allowOnly(body, Set.of());
      return players.count().map(count -> new JsonObject().put("count", count));
    });
    bind.to(Addresses.PLAYERS_BULK, body -> players.createAll(PlayerRequests.newPlayers(body))
        .map(created -> new JsonObject().put("created", created)));
    bind.to(Addresses.PLAYERS_UPDATE, body -> players.replace(PlayerRequests.replacement(
        Fields.id(body, "id"), body)).map(Player::toJson));
    bind.to(Addresses.PLAYERS_DELETE, body -> players.delete(id(body)).map(done -> new JsonObject()));
    bind.to(Addresses.TRADES_EXECUTE, body -> trades.trade(Trade.fromJson(body)).map(result -> result.toJson()));
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

  @FunctionalInterface
  private interface Binder {
    void to(String address, Function<JsonObject, Future<?>> handler);
  }

  private Future<Void> consume(EventBus bus, String address, Function<JsonObject, Future<?>> handler) {
    MessageConsumer<Object> consumer = bus.consumer(address, message -> handle(message, handler));
    consumers.add(consumer);
    return consumer.completion();
  }

  private void handle(Message<Object> message, Function<JsonObject, Future<?>> handler) {
    inFlight.incrementAndGet();
    Future<?> reply;
    try {
      if (!(message.body() instanceof JsonObject body)) {
        throw ApiError.invalid("the request must be a JSON object");
      }
      reply = handler.apply(body);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(result -> {
      inFlight.decrementAndGet();
      if (result.succeeded()) {
        message.reply(result.result());
        return;
      }
      ApiError error = Failures.classify(result.cause());
      if (error.status() == 503) {
        UnavailableLog.record(message.address(), 503, result.cause());
      } else if (error.status() >= 500) {
        LOG.error("{} failed with {}", message.address(), error.status(), result.cause());
      }
      message.fail(error.status(), error.detail());
    });
  }

  private static String id(JsonObject body) {
    Fields.allowOnly(body, ID_ONLY);
    return Fields.id(body, "id");
  }
}
