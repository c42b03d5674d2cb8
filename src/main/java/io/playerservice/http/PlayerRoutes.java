package io.playerservice.http;

import io.playerservice.player.Player;
import io.playerservice.player.PlayerRequests;
import io.playerservice.player.PlayerService;
import io.playerservice.validation.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code /players} routes: parse the request into a valid value, call {@link PlayerService},
 * write JSON. Any failure, thrown or in the future, goes to {@link Problems}.
 */
final class PlayerRoutes {
  private final PlayerService players;

  PlayerRoutes(PlayerService players) {
    this.players = players;
  }

  void create(RoutingContext ctx) {
    Player player = PlayerRequests.newPlayer(Bodies.object(ctx));
    players.create(player)
        .compose(created -> Responses.created(ctx, location(created.id()), created.toJson()))
        .onFailure(ctx::fail);
  }

  void createAll(RoutingContext ctx) {
    var batch = PlayerRequests.newPlayers(Bodies.array(ctx));
    players.createAll(batch)
        .compose(created -> Responses.json(ctx, 201, new JsonObject().put("created", created)))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    players.get(pathId(ctx))
        .compose(player -> Responses.json(ctx, 200, player.toJson()))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    var page = PlayerRequests.page(ctx.queryParam("limit"), ctx.queryParam("after"));
    players.list(page)
        .map(list -> new JsonArray(list.stream().map(Player::toJson).toList()))
        .compose(array -> Responses.json(ctx, 200, array))
        .onFailure(ctx::fail);
  }

  void count(RoutingContext ctx) {
    players.count()
        .compose(count -> Responses.json(ctx, 200, new JsonObject().put("count", count)))
        .onFailure(ctx::fail);
  }

  void replace(RoutingContext ctx) {
    Player player = PlayerRequests.replacement(pathId(ctx), Bodies.object(ctx));
    players.replace(player)
        .compose(updated -> Responses.json(ctx, 200, updated.toJson()))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    players.delete(pathId(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static String pathId(RoutingContext ctx) {
    return Fields.id(ctx.pathParam("id"), "id");
  }

  private static String location(String id) {
    return "/players/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
