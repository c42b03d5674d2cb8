package io.playerservice.admission;

/** Someone who waits for a place: either admitted (then it must leave once done) or shed. */
public interface Waiter {
  void admit();

  void shed();

  /** True when nobody is there to answer any more (the client left): skipped, not shed. */
  boolean gone();

  /** Called once when a waiter that is {@link #gone()} leaves the queue unserved. */
  default void skipped() {
  }
}
