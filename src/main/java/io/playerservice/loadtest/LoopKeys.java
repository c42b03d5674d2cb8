package io.playerservice.loadtest;

import java.util.BitSet;

/**
 * One event loop's Idempotency-Keys in a run, of its trades ({@code <run>-<loop>-<n>}) or of its
 * bulk creates ({@link BulkCheck}), one bit each: numbered and marked by that loop alone, so
 * without locks; read by the check once the loops are done.
 */
final class LoopKeys {
  private final String prefix;
  private final BitSet answered = new BitSet();
  /** Keys whose last answer left the outcome unknown (retries ran out): a row is allowed, not owed. */
  private final BitSet unresolved = new BitSet();
  /** The keys found (in the ledger, or among the players). */
  private final BitSet seen = new BitSet();
  private int next;

  LoopKeys(String prefix) {
    this.prefix = prefix;
  }

  /** A fresh key's number, for {@link #key(int)} and {@link #succeeded(int)}. */
  int nextNumber() {
    return next++;
  }

  /** How many numbers {@link #nextNumber} gave. */
  int issued() {
    return next;
  }

  String key(int number) {
    return prefix + number;
  }

  void succeeded(int number) {
    answered.set(number);
  }

  void unresolved(int number) {
    unresolved.set(number);
  }

  /** Marks key {@code number} as found; false when it had been found already. */
  boolean firstSeen(int number) {
    boolean first = !seen.get(number);
    seen.set(number);
    return first;
  }

  /** Whether key {@code number} may have taken effect: it succeeded, or its outcome is unknown. */
  boolean mayHaveRow(int number) {
    return answered.get(number) || unresolved.get(number);
  }

  long answeredCount() {
    return answered.cardinality();
  }

  long unresolvedCount() {
    return unresolved.cardinality();
  }

  /** Keys that succeeded and were not found (in the ledger, or among the players). */
  long missingCount() {
    BitSet notSeen = (BitSet) answered.clone();
    notSeen.andNot(seen);
    return notSeen.cardinality();
  }
}
