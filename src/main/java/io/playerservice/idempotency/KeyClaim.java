package io.playerservice.idempotency;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * What a use case writes, inside its own transaction, so that its Idempotency-Key commits with its
 * effect or not at all. {@link #none()} (no key sent) writes nothing and costs nothing.
 *
 * @param <T> the use case's result, turned into the answer the key stores
 */
public final class KeyClaim<T> {
  private static final KeyClaim<?> NONE = new KeyClaim<>(null, null, null, null, null);

  private final IdempotencyRepository keys;
  private final IdempotencyKey key;
  private final Buffer fingerprint;
  private final Function<T, Answer> answer;
  private final Duration ttl;

  KeyClaim(IdempotencyRepository keys, IdempotencyKey key, Buffer fingerprint, Function<T, Answer> answer,
      Duration ttl) {
    this.keys = keys;
    this.key = key;
    this.fingerprint = fingerprint;
    this.answer = answer;
    this.ttl = ttl;
  }

  @SuppressWarnings("unchecked")
  public static <T> KeyClaim<T> none() {
    return (KeyClaim<T>) NONE;
  }

  /** The key as the client sent it, or null. */
  public String key() {
    return key == null ? null : key.value();
  }

  public boolean isNone() {
    return key == null;
  }

  /**
   * Stores {@code result}'s answer under the key through the caller's transaction; fails with
   * {@link KeyTaken} (which rolls the transaction back) when the key has an answer already.
   */
  public Future<Void> save(SqlClient conn, T result) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return save(conn, answer.apply(result));
  }

  Future<Void> save(SqlClient client, Answer stored) {
    Instant now = Instant.now();
    return keys.insert(client, key, fingerprint, stored, now, now.plus(ttl));
  }

  Function<T, Answer> answer() {
    return answer;
  }

  Buffer fingerprint() {
    return fingerprint;
  }

  IdempotencyKey idempotencyKey() {
    return key;
  }
}
