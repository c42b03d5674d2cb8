package io.playerservice.error;

/**
 * Tells a client how to learn what happened when the answer cannot say (a 504, or a 503 for a
 * connection lost mid-request): the change may or may not have been made.
 */
public final class UnknownOutcome {
  private UnknownOutcome() {
  }

  /**
   * {@code error} with advice appended when its outcome is unknown, else {@code error} itself.
   *
   * @param changesData false for a read, which changed nothing whatever happened
   * @param keyed       whether the request carried an Idempotency-Key
   * @param trade       whether it was a trade, whose ledger can be read instead
   */
  public static ApiError advise(ApiError error, boolean changesData, boolean keyed, boolean trade) {
    if (error.kind() != ApiError.Kind.TIMEOUT && error.kind() != ApiError.Kind.CONNECTION_LOST) {
      return error;
    }
    String advice;
    if (!changesData) {
      advice = "a read changes nothing: try again";
    } else if (keyed) {
      advice = "the change may or may not have been made: retry with the same Idempotency-Key, which gives "
          + "its outcome if it was made and makes it exactly once if not";
    } else if (trade) {
      advice = "the trade may or may not have been made: GET /trades?player=<sellId> lists the seller's "
          + "trades, newest first (with an Idempotency-Key, a retry would tell and never trade twice)";
    } else {
      advice = "the change may or may not have been made: read it back before retrying (with an "
          + "Idempotency-Key, a retry would tell and never apply it twice)";
    }
    return new ApiError(error.kind(), error.detail() + "; " + advice);
  }
}
