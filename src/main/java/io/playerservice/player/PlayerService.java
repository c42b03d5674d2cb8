package io.playerservice.player;

import io.playerservice.admission.Bulkhead;
import io.playerservice.admission.RequestClass;
import io.playerservice.db.KeyedWrite;
import io.playerservice.error.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.List;

/** The player use cases. Inputs are already valid; failures are {@link ApiError}s or database errors. */
public final class PlayerService {
  private final Vertx vertx;
  private final Pool pool;
  private final PlayerRepository players;
  private final PlayerCount counter;
  private final Bulkhead places;

  /**
   * {@code counter} is shared by every instance of the deployment; when this instance must send
   * its COUNT, the statement takes a place in {@code places} as a listing, as any expensive read does.
   */
  public PlayerService(Vertx vertx, Pool pool, PlayerRepository players, PlayerCount counter, Bulkhead places) {
    this.vertx = vertx;
    this.pool = pool;
    this.players = players;
    this.counter = counter;
    this.places = places;
  }

  /**
   * {@code claim} stores the answer under the request's Idempotency-Key. Without one the INSERT
   * runs alone (autocommit); with one, the INSERT and the key's row commit together.
   */
  public Future<Player> create(Player player, KeyedWrite<Player> claim) {
    if (claim.key() == null) {
      return players.insert(pool, player).map(player);
    }
    return pool.withTransaction(conn -> Future.join(players.insert(conn, player), claim.save(conn, player)))
        .map(player);
  }

  public Future<Player> get(String id) {
    return players.find(id).map(player -> orNotFound(player, id));
  }

  public Future<List<Player>> list(PageRequest page) {
    return players.page(page);
  }

  /** The number of players, up to COUNT_MAX_AGE_MS old (see {@link PlayerCount}). */
  public Future<PlayerCount.Count> count() {
    return counter.get(vertx, () -> places.admit(RequestClass.LISTING, players::count));
  }

  /**
   * All or nothing: one transaction, so a duplicate anywhere rolls back every chunk before it, and
   * the Idempotency-Key {@code claim} stores commits with the rows.
   */
  public Future<Integer> createAll(List<Player> batch, KeyedWrite<Integer> claim) {
    return pool.withTransaction(conn -> players.insertAll(conn, batch)
            .compose(inserted -> claim.save(conn, batch.size())))
        .map(batch.size());
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
