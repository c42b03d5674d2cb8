package io.playerservice.player;

import io.playerservice.error.ApiError;
import io.playerservice.validation.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Turns request JSON into valid {@link Player} values; the service never sees anything else. */
public final class PlayerRequests {
  /** The most players one bulk request may create. */
  public static final int MAX_BULK = 10_000;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 1000;

  /**
   * The fixed routes under {@code /players/}, which {@code /players/{id}} therefore never
   * reaches: a new player may not take these ids, or it could be created and never read,
   * updated or deleted. {@code HttpApi} builds its id route from this list, and a test checks
   * that every fixed route under {@code /players/} is on it.
   *
   * <p>Refusing two ids was chosen over moving the routes (to {@code /players:count}, or the
   * players to {@code /players/id/{id}}): that would break every client for the sake of two
   * ids that never worked, and the list does not grow, because new operations get paths of
   * their own, as {@code /trades} did. It is case-sensitive, as routes are: {@code Count} is
   * an ordinary id.
   */
  public static final List<String> ROUTE_NAMES = List.of("count", "bulk");
  /** Path segments that URLs resolve away (RFC 3986): {@code /players/.} is {@code /players}. */
  private static final Set<String> DOT_SEGMENTS = Set.of(".", "..");
  private static final Set<String> PLAYER_FIELDS = Set.of("id", "coins", "goods");

  private PlayerRequests() {
  }

  /**
   * {@code {"id"?, "coins", "goods"}}; a missing id becomes a random UUID. The id must be one
   * that {@code /players/{id}} can reach, on the event bus too, since HTTP serves the same rows.
   */
  public static Player newPlayer(JsonObject json) {
    Fields.allowOnly(json, PLAYER_FIELDS);
    String id = json.containsKey("id") ? addressable(Fields.id(json, "id")) : UUID.randomUUID().toString();
    return new Player(id, balance(json, "coins"), balance(json, "goods"));
  }

  /**
   * A JSON array of new players. Every item is checked before anything is written, and an id
   * that appears twice is a conflict, as it would be against the table.
   */
  public static List<Player> newPlayers(JsonArray array) {
    if (array.isEmpty()) {
      throw ApiError.invalid("the array must hold at least one player");
    }
    if (array.size() > MAX_BULK) {
      throw ApiError.invalid("at most " + MAX_BULK + " players per request, got " + array.size());
    }
    List<Player> players = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject item)) {
        throw ApiError.invalid("item " + i + " must be a JSON object");
      }
      try {
        players.add(newPlayer(item));
      } catch (ApiError e) {
        throw ApiError.invalid("item " + i + ": " + e.detail());
      }
    }
    Set<String> seen = new HashSet<>();
    for (Player player : players) {
      if (!seen.add(player.id())) {
        throw ApiError.conflict("id '" + player.id() + "' appears more than once in the request");
      }
    }
    return players;
  }

  /** {@code {"coins", "goods"}} for the player at {@code id}; an {@code "id"} member must match. */
  public static Player replacement(String id, JsonObject json) {
    Fields.allowOnly(json, PLAYER_FIELDS);
    if (json.containsKey("id") && !id.equals(json.getValue("id"))) {
      throw ApiError.invalid("'id' in the body must match the id in the path");
    }
    return new Player(id, balance(json, "coins"), balance(json, "goods"));
  }

  /** {@code ?limit=N&after=ID}, both optional; a limit outside 1..1000 is refused, not clamped. */
  public static PageRequest page(List<String> limits, List<String> afters) {
    if (limits.size() > 1 || afters.size() > 1) {
      throw ApiError.invalid("'limit' and 'after' may each be given once");
    }
    int limit = limits.isEmpty() ? DEFAULT_LIMIT : limit(limits.get(0));
    String after = afters.isEmpty() ? null : Fields.id(afters.get(0), "after");
    return new PageRequest(limit, after);
  }

  /** A {@code limit} query parameter: an integer in 1..1000, refused (never clamped) otherwise. */
  public static int limit(String text) {
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // refused below, like an integer out of range
    }
    throw ApiError.invalid("'limit' must be an integer in 1.." + MAX_LIMIT);
  }

  /** {@code {"limit"?, "after"?}} as JSON (the event bus), by the same rules as the query string. */
  public static PageRequest page(JsonObject json) {
    Fields.allowOnly(json, Set.of("limit", "after"));
    int limit = json.containsKey("limit") ? Fields.integer(json, "limit", 1, MAX_LIMIT) : DEFAULT_LIMIT;
    String after = json.containsKey("after") ? Fields.id(json, "after") : null;
    return new PageRequest(limit, after);
  }

  /** {@code {"players": [...]}} (the event bus): the same rules as {@link #newPlayers(JsonArray)}. */
  public static List<Player> newPlayers(JsonObject json) {
    Fields.allowOnly(json, Set.of("players"));
    if (!(json.getValue("players") instanceof JsonArray array)) {
      throw ApiError.invalid("'players' must be a JSON array");
    }
    return newPlayers(array);
  }

  private static String addressable(String id) {
    if (ROUTE_NAMES.contains(id)) {
      throw ApiError.invalid("'id' must not be '" + id + "': /players/" + id
          + " is a route of its own, so that player could never be read, updated or deleted");
    }
    if (DOT_SEGMENTS.contains(id)) {
      throw ApiError.invalid("'id' must not be '" + id + "': URLs resolve the path segment '" + id
          + "' away, so /players/" + id + " could never reach that player");
    }
    return id;
  }

  private static int balance(JsonObject json, String name) {
    return Fields.integer(json, name, 0, Integer.MAX_VALUE);
  }
}
