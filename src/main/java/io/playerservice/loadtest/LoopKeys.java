package io.playerservice.loadtest;

import java.util.BitSet;

/**
 * One event loop's Idempotency-Keys in a run ({@code <run>-<loop>-<n>}), one bit each: numbered
 * and marked by that loop alone, so without locks; read by {@link ExactlyOnceCheck#verify} once
 * the loops are done.
 */
final class LoopKeys {
  private final String prefix;
  private final BitSet answered = new BitSet();
  /** Keys whose last answer left the outcome unknown (retries ran out): a row is allowed, not owed. */
  private final BitSet unresolved = new BitSet();
  /** The keys found in the ledger. */
  private final BitSet seen = new BitSet();
  private int next;

  LoopKeys(String prefix) {
    this.prefix = prefix;
  }

  /** A fresh key's number, for {@link #key(int)} and {@link #answered200(int)}. */
  int nextNumber() {
    return next++;
  }

  String key(int number) {
    return prefix + number;
  }

  void answered200(int number) {
    answered.set(number);
  }

  void unresolved(int number) {
    unresolved.set(number);
  }

  /** Marks key {@code number} as found in the ledger; false when it had been found already. */
  boolean firstSeen(int number) {
    boolean first = !seen.get(number);
    seen.set(number);
    return first;
  }

  /** Whether the ledger may hold a row for key {@code number}: answered 200, or its outcome unknown. */
  boolean mayHaveRow(int number) {
    return answered.get(number) || unresolved.get(number);
  }

  long answeredCount() {
    return answered.cardinality();
  }

  long unresolvedCount() {
    return unresolved.cardinality();
  }

  /** Keys answered 200 that the ledger does not hold. */
  long missingCount() {
    BitSet notSeen = (BitSet) answered.clone();
    notSeen.andNot(seen);
    return notSeen.cardinality();
  }
}
