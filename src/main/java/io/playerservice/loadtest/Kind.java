package io.playerservice.loadtest;

/**
 * The kinds of request a load mixes ({@code --mix}), each with the status that means it worked.
 * Only trades move coins and goods; bulk creates add players with known balances; the rest read.
 */
enum Kind {
  TRADE("trade", 200),
  GET("get", 200),
  LIST("list", 200),
  COUNT("count", 200),
  LEDGER("ledger", 200),
  BULK("bulk", 201);

  static final Kind[] ALL = values();

  /** The name in {@code --mix}, {@code --threshold} and the report. */
  final String label;
  final int success;

  Kind(String label, int success) {
    this.label = label;
    this.success = success;
  }

  /** The kind called {@code label}, or null. */
  static Kind named(String label) {
    for (Kind kind : ALL) {
      if (kind.label.equals(label)) {
        return kind;
      }
    }
    return null;
  }

  static String labels() {
    StringBuilder labels = new StringBuilder();
    for (Kind kind : ALL) {
      labels.append(labels.isEmpty() ? "" : ", ").append(kind.label);
    }
    return labels.toString();
  }
}
