package io.playerservice.http;

import io.playerservice.player.PlayerRequests;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A route added under {@code /players/} shadows the player of that id, so it must be on the
 * list of ids a new player may not take: this fails until it is.
 */
@ExtendWith(VertxExtension.class)
class RouteNamesTest {

  @Test
  void everyFixedRouteUnderPlayersIsAnIdNoPlayerCanTake(Vertx vertx) {
    Set<String> routed = new TreeSet<>();
    for (Route route : RouteTable.routes(vertx)) {
      String path = route.getPath(); // null for the regex route, /players/{id} itself
      if (path != null && path.matches("/players/[^/:]+")) { // one fixed segment, as an id is
        routed.add(path.substring("/players/".length()));
      }
    }
    assertEquals(new TreeSet<>(PlayerRequests.ROUTE_NAMES), routed);
  }
}
