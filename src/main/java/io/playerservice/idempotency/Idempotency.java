package io.playerservice.idempotency;

import io.playerservice.db.KeyedWrite;
import io.playerservice.error.ApiError;
import io.playerservice.error.Failures;
import io.playerservice.metrics.IdempotencyMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Runs a request that changes data at most once per Idempotency-Key, and gives every later request
 * with the key the first final answer (draft-ietf-httpapi-idempotency-key-header).
 *
 * <p>The effect's own transaction inserts the key's row, so the key commits with the effect or not
 * at all. The row's primary key decides between concurrent requests with one key, on any node: the
 * first to commit wins, and the others' inserts wait for it and then fail as duplicates, which
 * rolls their transactions back. Then the stored answer is given instead: replayed for the same
 * request, 422 for a different one. A refusal (404, 409) changes nothing, so it is stored on its
 * own after its transaction has rolled back. Failures that may not be final (503, 504, a lost
 * connection) store nothing: a retry runs as new.
 */
public final class Idempotency {
  /** Rounds of "key taken, but no live answer found" before giving up (an expired key being reused). */
  private static final int MAX_ROUNDS = 3;

  private final Pool pool;
  private final IdempotencyRepository keys;
  private final Duration ttl;
  private final IdempotencyMetrics metrics;

  public Idempotency(Pool pool, Duration ttl, IdempotencyMetrics metrics) {
    this.pool = pool;
    this.keys = new IdempotencyRepository(pool);
    this.ttl = ttl;
    this.metrics = metrics;
  }

  /**
   * Runs {@code effect} (with {@link KeyedWrite#none()} when {@code key} is null) and answers with
   * {@code answer} of its result, or with the key's stored answer.
   *
   * @param operation names the use case in the fingerprint, e.g. {@code "trade"}
   * @param request   the validated request body, as the fingerprint covers it
   */
  public <T> Future<StoredAnswer> run(IdempotencyKey key, String operation, Object request, Function<T, StoredAnswer> answer,
      Function<KeyedWrite<T>, Future<T>> effect) {
    if (key == null) {
      return effect.apply(KeyedWrite.none()).map(answer);
    }
    KeyClaim<T> claim = new KeyClaim<>(keys, key, Fingerprint.of(operation, request), answer, ttl);
    return attempt(claim, operation, effect, 1);
  }

  private <T> Future<StoredAnswer> attempt(KeyClaim<T> claim, String operation, Function<KeyedWrite<T>, Future<T>> effect,
      int round) {
    return effect.apply(claim)
        .map(claim.answer())
        .recover(failure -> {
          if (failure instanceof KeyTaken) {
            return stored(claim, operation, effect, round);
          }
          ApiError refusal = Failures.classify(failure); // a duplicate id (1062) is a 409 too
          if (refusal.isFinalRefusal()) {
            return claim.save(pool, StoredAnswer.refusal(refusal))
                .transform(saved -> saved.succeeded() ? Future.<StoredAnswer>failedFuture(refusal)
                    : saved.cause() instanceof KeyTaken ? stored(claim, operation, effect, round)
                    // Not stored, so not final: a retry must not meet a different answer.
                    : Future.failedFuture(saved.cause()));
          }
          return Future.failedFuture(failure);
        });
  }

  /** The key's answer: replayed for the same request, 422 for another; an expired key is freed. */
  private <T> Future<StoredAnswer> stored(KeyClaim<T> claim, String operation, Function<KeyedWrite<T>, Future<T>> effect,
      int round) {
    Instant now = Instant.now();
    return keys.find(claim.idempotencyKey()).compose(stored -> {
      if (stored == null || stored.expired(now)) {
        if (round >= MAX_ROUNDS) {
          return Future.failedFuture(ApiError.unavailable("the Idempotency-Key is busy; try again shortly"));
        }
        Future<Void> freed = stored == null ? Future.succeededFuture() : keys.deleteIfExpired(claim.idempotencyKey(), now);
        return freed.compose(v -> attempt(claim, operation, effect, round + 1));
      }
      if (!stored.fingerprint().equals(claim.fingerprint())) {
        metrics.reused(operation);
        return Future.failedFuture(new ApiError(ApiError.Kind.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was "
            + "used for a different request; it answers only that one (use a new key for a new request)"));
      }
      metrics.replayed(operation);
      StoredAnswer answer = stored.answer();
      return answer.isRefusal() ? Future.failedFuture(answer.toRefusal()) : Future.succeededFuture(answer.asReplayed());
    });
  }
}
