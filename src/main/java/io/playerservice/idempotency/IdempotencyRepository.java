package io.playerservice.idempotency;

import io.playerservice.error.Failures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Every SQL statement the service runs against {@code idempotency_key}, each a named constant. */
public final class IdempotencyRepository {
  static final String INSERT = "INSERT INTO idempotency_key"
      + " (key_hash, idempotency_key, fingerprint, status, body, location, created_at, expires_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT = "SELECT fingerprint, status, body, location, expires_at"
      + " FROM idempotency_key WHERE key_hash = ?";
  /** Frees one expired key for its new use; a key that has not expired stays. */
  static final String DELETE_IF_EXPIRED = "DELETE FROM idempotency_key WHERE key_hash = ? AND expires_at <= ?";
  /** Rows one purge statement may delete: small transactions, as TiDB advises for bulk deletes. */
  static final int PURGE_BATCH = 1000;
  static final String PURGE_EXPIRED = "DELETE FROM idempotency_key WHERE expires_at <= ? LIMIT " + PURGE_BATCH;

  private final Pool pool;

  public IdempotencyRepository(Pool pool) {
    this.pool = pool;
  }

  /** A key's stored answer. */
  record Stored(Buffer fingerprint, StoredAnswer answer, Instant expiresAt) {
    boolean expired(Instant now) {
      return !expiresAt.isAfter(now);
    }
  }

  /**
   * Records the key's answer through {@code client}: inside the effect's transaction, or alone
   * for a refusal. Fails with {@link KeyTaken} when the key already has a row.
   */
  Future<Void> insert(SqlClient client, IdempotencyKey key, Buffer fingerprint, StoredAnswer answer, Instant now,
      Instant expiresAt) {
    return client.preparedQuery(INSERT).execute(Tuple.tuple()
            .addBuffer(key.hash()).addString(key.value()).addBuffer(fingerprint)
            .addInteger(answer.status()).addString(answer.body().encode()).addString(answer.location())
            .addLocalDateTime(utc(now)).addLocalDateTime(utc(expiresAt)))
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(
            failure instanceof DatabaseException db && db.getErrorCode() == Failures.DUPLICATE_KEY
                ? new KeyTaken() : failure));
  }

  /** The key's row, or null. */
  Future<Stored> find(IdempotencyKey key) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(key.hash()))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  Future<Void> deleteIfExpired(IdempotencyKey key, Instant now) {
    return pool.preparedQuery(DELETE_IF_EXPIRED).execute(Tuple.of(key.hash(), utc(now))).mapEmpty();
  }

  /** Deletes up to {@link #PURGE_BATCH} keys expired by {@code now}; returns how many. */
  Future<Integer> purgeBatch(Instant now) {
    return pool.preparedQuery(PURGE_EXPIRED).execute(Tuple.of(utc(now))).map(result -> result.rowCount());
  }

  private static Stored stored(Row row) {
    StoredAnswer answer = StoredAnswer.of(row.getInteger(1), new JsonObject(row.getString(2)), row.getString(3));
    return new Stored(row.getBuffer(0), answer, row.getLocalDateTime(4).toInstant(ZoneOffset.UTC));
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
