package io.playerservice.player;

import io.playerservice.error.ApiError;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.List;

/** The player use cases. Inputs are already valid; failures are {@link ApiError}s or database errors. */
public final class PlayerService {
  private final Pool pool;
  private final PlayerRepository players;

  public PlayerService(Pool pool, PlayerRepository players) {
    this.pool = pool;
    this.players = players;
  }

  public Future<Player> create(Player player) {
    return players.insert(player).map(player);
  }

  public Future<Player> get(String id) {
    return players.find(id).map(player -> orNotFound(player, id));
  }

  public Future<List<Player>> list(PageRequest page) {
    return players.page(page);
  }

  public Future<Long> count() {
    return players.count();
  }

  /** All or nothing: one transaction, so a duplicate anywhere rolls back every chunk before it. */
  public Future<Integer> createAll(List<Player> batch) {
    return pool.withTransaction(conn -> players.insertAll(conn, batch)).map(batch.size());
  }

  public Future<Player> replace(Player player) {
    return players.replace(player).map(found -> orNotFound(found ? player : null, player.id()));
  }

  public Future<Void> delete(String id) {
    return players.delete(id).map(found -> {
      orNotFound(found ? id : null, id);
      return null;
    });
  }

  private static <T> T orNotFound(T value, String id) {
    if (value == null) {
      throw ApiError.notFound("player " + id + " not found");
    }
    return value;
  }
}
