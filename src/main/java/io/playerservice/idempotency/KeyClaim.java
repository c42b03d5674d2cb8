package io.playerservice.idempotency;

import io.playerservice.db.KeyedWrite;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A request's claim on its Idempotency-Key: what its use case writes, inside its own transaction,
 * so that the key commits with the effect or not at all.
 *
 * @param <T> the use case's result, turned into the answer the key stores
 */
final class KeyClaim<T> implements KeyedWrite<T> {

  private final IdempotencyRepository keys;
  private final IdempotencyKey key;
  private final Buffer fingerprint;
  private final Function<T, StoredAnswer> answer;
  private final Duration ttl;

  KeyClaim(IdempotencyRepository keys, IdempotencyKey key, Buffer fingerprint, Function<T, StoredAnswer> answer,
      Duration ttl) {
    this.keys = keys;
    this.key = key;
    this.fingerprint = fingerprint;
    this.answer = answer;
    this.ttl = ttl;
  }

  @Override
  public String key() {
    return key.value();
  }

  /**
   * Stores {@code result}'s answer under the key through the caller's transaction; fails with
   * {@link KeyTaken} (which rolls the transaction back) when the key has an answer already.
   */
  @Override
  public Future<Void> save(SqlClient conn, T result) {
    return save(conn, answer.apply(result));
  }

  Future<Void> save(SqlClient client, StoredAnswer stored) {
    Instant now = Instant.now();
    return keys.insert(client, key, fingerprint, stored, now, now.plus(ttl));
  }

  Function<T, StoredAnswer> answer() {
    return answer;
  }

  Buffer fingerprint() {
    return fingerprint;
  }

  IdempotencyKey idempotencyKey() {
    return key;
  }
}
