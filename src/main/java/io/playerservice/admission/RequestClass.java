package io.playerservice.admission;

/** Which places a request needs at its instance's {@link Bulkhead}. */
public enum RequestClass {
  /** A place of the instance: trades, creates, updates, deletes, point reads. */
  ORDINARY,
  /** An expensive read (a listing): a read place, then a place of the instance. */
  LISTING,
  /**
   * The count: a count place only. It holds no connection (it is answered from memory, or waits
   * for the one shared statement, which takes its places as a listing), but a flood of cheap
   * counts must not take the event loop's turns from trades.
   */
  COUNT
}
