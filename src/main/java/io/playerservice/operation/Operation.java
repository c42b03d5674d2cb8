package io.playerservice.operation;

import io.playerservice.admission.RequestClass;
import io.playerservice.error.ApiError;
import io.playerservice.error.UnknownOutcome;

/**
 * Every operation of the API, over HTTP and the event bus alike, with what both edges need to
 * know of it: the places it takes at admission, and what it may have changed when its outcome is
 * unknown. The edges differ only in how a request names its operation.
 */
public enum Operation {
  CREATE_PLAYER(RequestClass.ORDINARY, Effect.CREATES),
  CREATE_PLAYERS(RequestClass.ORDINARY, Effect.CREATES),
  GET_PLAYER(RequestClass.ORDINARY, Effect.READS),
  LIST_PLAYERS(RequestClass.LISTING, Effect.READS),
  COUNT_PLAYERS(RequestClass.COUNT, Effect.READS),
  REPLACE_PLAYER(RequestClass.ORDINARY, Effect.CHANGES),
  DELETE_PLAYER(RequestClass.ORDINARY, Effect.CHANGES),
  TRADE(RequestClass.ORDINARY, Effect.CREATES),
  GET_TRADE(RequestClass.ORDINARY, Effect.READS),
  LIST_TRADES(RequestClass.LISTING, Effect.READS);

  /** What an operation does to the data. */
  private enum Effect {
    READS,
    /** Changes rows in place; the same request twice leaves the same rows. */
    CHANGES,
    /** Creates something, exactly once per Idempotency-Key. */
    CREATES
  }

  private final RequestClass requestClass;
  private final Effect effect;

  Operation(RequestClass requestClass, Effect effect) {
    this.requestClass = requestClass;
    this.effect = effect;
  }

  /** The places it takes at its instance's bulkhead: the listings are the expensive reads. */
  public RequestClass requestClass() {
    return requestClass;
  }

  /** Whether it honours an Idempotency-Key: only the creating operations do; the others ignore one. */
  public boolean takesKey() {
    return effect == Effect.CREATES;
  }

  /**
   * {@code error} with advice on how to learn the outcome when it is unknown (a 504, a connection
   * lost mid-request); {@code keyed}: the request carried an Idempotency-Key.
   */
  public ApiError advise(ApiError error, boolean keyed) {
    return UnknownOutcome.advise(error, effect != Effect.READS, keyed, this == TRADE);
  }
}
