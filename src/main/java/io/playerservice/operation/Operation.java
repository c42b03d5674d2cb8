package io.playerservice.operation;

import io.playerservice.admission.RequestClass;
import io.playerservice.error.ApiError;
import io.playerservice.error.UnknownOutcome;

/**
 * Every operation of the API, over HTTP and the event bus alike, with what both edges need to
 * know of it: the places it takes at admission, and what it may have changed when its outcome is
 * unknown. The edges differ only in how a request names its operation. Each has the operationId
 * the contract (openapi.yaml) gives it.
 */
public enum Operation {
  CREATE_PLAYER("createPlayer", RequestClass.ORDINARY, Effect.CREATES),
  CREATE_PLAYERS("createPlayers", RequestClass.ORDINARY, Effect.CREATES),
  GET_PLAYER("getPlayer", RequestClass.ORDINARY, Effect.READS),
  LIST_PLAYERS("listPlayers", RequestClass.LISTING, Effect.READS),
  COUNT_PLAYERS("countPlayers", RequestClass.COUNT, Effect.READS),
  REPLACE_PLAYER("replacePlayer", RequestClass.ORDINARY, Effect.CHANGES),
  DELETE_PLAYER("deletePlayer", RequestClass.ORDINARY, Effect.CHANGES),
  TRADE("trade", RequestClass.ORDINARY, Effect.CREATES),
  GET_TRADE("getTrade", RequestClass.ORDINARY, Effect.READS),
  LIST_TRADES("listTrades", RequestClass.LISTING, Effect.READS),
  /**
   * The live feed. Its stream holds no place: its catch-up reads are admitted as listings, for the
   * read alone (feed/FeedHub); a full waiting room sheds a new stream as it would a listing.
   */
  STREAM_TRADES("streamTrades", RequestClass.LISTING, Effect.READS);

  /** What an operation does to the data. */
  private enum Effect {
    READS,
    /** Changes rows in place; the same request twice leaves the same rows. */
    CHANGES,
    /** Creates something, exactly once per Idempotency-Key. */
    CREATES
  }

  private final String operationId;
  private final RequestClass requestClass;
  private final Effect effect;

  Operation(String operationId, RequestClass requestClass, Effect effect) {
    this.operationId = operationId;
    this.requestClass = requestClass;
    this.effect = effect;
  }

  /** Its name in the contract, where its bearer scope is declared. */
  public String operationId() {
    return operationId;
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
