package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What share of the requests each {@link Kind} gets ({@code --mix trade=70,get=10,...}): whole
 * weights, shown as percentages of their sum; a kind left out gets none. A bare number P keeps its
 * older meaning, P% point reads and the rest trades.
 */
final class Mix {
  private static final String FORM = "expected KIND=SHARE,... with KIND one of " + Kind.labels()
      + " and SHARE a whole number (e.g. trade=70,get=10,list=5,count=5,ledger=5,bulk=5), or P for P% point reads";

  /** The running sums of the shares in {@link Kind} order, so a pick is one random number and a scan. */
  private final int[] upTo = new int[Kind.ALL.length];
  private final int total;

  private Mix(int[] shares) {
    int sum = 0;
    for (int i = 0; i < shares.length; i++) {
      sum += shares[i];
      upTo[i] = sum;
    }
    this.total = sum;
  }

  static Mix allTrades() {
    int[] shares = new int[Kind.ALL.length];
    shares[Kind.TRADE.ordinal()] = 1;
    return new Mix(shares);
  }

  /** {@code --mix}'s value; throws {@link IllegalArgumentException} naming it and the form expected. */
  static Mix parse(String text) {
    int[] shares = new int[Kind.ALL.length];
    if (text.matches("\\d{1,3}")) {
      int reads = Integer.parseInt(text);
      if (reads > 100) {
        throw new IllegalArgumentException("--mix " + text + ": a bare number is the share of point reads, 0..100");
      }
      shares[Kind.TRADE.ordinal()] = 100 - reads;
      shares[Kind.GET.ordinal()] = reads;
      return new Mix(shares);
    }
    for (String part : text.split(",", -1)) {
      String[] kv = part.trim().split("=", -1);
      Kind kind = kv.length == 2 ? Kind.named(kv[0].trim()) : null;
      if (kind == null || !kv[1].trim().matches("\\d{1,6}")) {
        throw new IllegalArgumentException("--mix '" + text + "': '" + part + "' is not KIND=SHARE; " + FORM);
      }
      if (shares[kind.ordinal()] > 0) {
        throw new IllegalArgumentException("--mix '" + text + "': " + kind.label + " is named twice");
      }
      shares[kind.ordinal()] = Integer.parseInt(kv[1].trim());
    }
    Mix mix = new Mix(shares);
    if (mix.total == 0) {
      throw new IllegalArgumentException("--mix '" + text + "': the shares add up to 0; " + FORM);
    }
    return mix;
  }

  /** A kind drawn at the mix's odds. */
  Kind pick(ThreadLocalRandom random) {
    int draw = random.nextInt(total);
    int i = 0;
    while (draw >= upTo[i]) {
      i++;
    }
    return Kind.ALL[i];
  }

  boolean has(Kind kind) {
    return share(kind) > 0;
  }

  boolean tradesOnly() {
    return share(Kind.TRADE) == total;
  }

  /** The kind's share, in percent of all requests. */
  double percent(Kind kind) {
    return 100.0 * share(kind) / total;
  }

  private int share(Kind kind) {
    int i = kind.ordinal();
    return upTo[i] - (i == 0 ? 0 : upTo[i - 1]);
  }

  /** Each kind with a share, in percent. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (Kind kind : Kind.ALL) {
      if (has(kind)) {
        json.put(kind.label, Math.round(percent(kind) * 10) / 10.0);
      }
    }
    return json;
  }

  /** {@code trade 70%, get 10%, ...}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    toJson().forEach(e -> {
      double percent = ((Number) e.getValue()).doubleValue();
      text.append(text.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
          .append(percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)).append('%');
    });
    return text.toString();
  }
}
