package io.playerservice.http;

import io.playerservice.idempotency.IdempotentWrites;
import io.playerservice.player.Player;
import io.playerservice.player.PlayerRequests;
import io.playerservice.player.PlayerService;
import io.playerservice.validation.Fields;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;


/**
 * The {@code /players} routes: parse the request into a valid value, call {@link PlayerService}
 * (or, for the creates, {@link IdempotentWrites}), write JSON. Any failure, thrown or in the future, goes to {@link Problems}.
 * Each returns the future of its work, which ends the request's admission place ({@link AdmissionGate#route}).
 */
final class PlayerRoutes {
  private final PlayerService players;
  private final IdempotentWrites writes;

  PlayerRoutes(PlayerService players, IdempotentWrites writes) {
    this.players = players;
    this.writes = writes;
  }

  Future<Void> create(RoutingContext ctx) {
    var key = DataRequest.idempotencyKey(ctx);
    JsonObject body = Bodies.object(ctx);
    Player player = PlayerRequests.newPlayer(body);
    return writes.createPlayer(key, player, body)
        .compose(answer -> Responses.answer(ctx, answer))
        .onFailure(ctx::fail);
  }

  Future<Void> createAll(RoutingContext ctx) {
    var key = DataRequest.idempotencyKey(ctx);
    JsonArray body = Bodies.array(ctx);
    return writes.createPlayers(key, PlayerRequests.newPlayers(body), body)
        .compose(answer -> Responses.answer(ctx, answer))
        .onFailure(ctx::fail);
  }

  Future<Void> get(RoutingContext ctx) {
    return players.get(pathId(ctx))
        .compose(player -> Responses.json(ctx, 200, player.toJson()))
        .onFailure(ctx::fail);
  }

  Future<Void> list(RoutingContext ctx) {
    var page = PlayerRequests.page(ctx.queryParam("limit"), ctx.queryParam("after"));
    return players.list(page)
        .compose(list -> Responses.listing(ctx, list.size(), () -> new JsonArray(list.stream().map(Player::toJson).toList())))
        .onFailure(ctx::fail);
  }

  Future<Void> count(RoutingContext ctx) {
    return players.count()
        .compose(count -> {
          // How old the count is and how long it may be reused (RFC 9111): up to COUNT_MAX_AGE_MS.
          if (!ctx.response().headWritten()) { // not after a 504 or a client gone
            ctx.response().putHeader(HttpHeaders.AGE, String.valueOf(count.ageSeconds()))
                .putHeader(HttpHeaders.CACHE_CONTROL, count.cacheControl());
          }
          return Responses.json(ctx, 200, count.toJson());
        })
        .onFailure(ctx::fail);
  }

  Future<Void> replace(RoutingContext ctx) {
    Player player = PlayerRequests.replacement(pathId(ctx), Bodies.object(ctx));
    return players.replace(player)
        .compose(updated -> Responses.json(ctx, 200, updated.toJson()))
        .onFailure(ctx::fail);
  }

  Future<Void> delete(RoutingContext ctx) {
    return players.delete(pathId(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static String pathId(RoutingContext ctx) {
    return Fields.id(ctx.pathParam("id"), "id");
  }
}
