package io.playerservice.admission;

/**
 * How long the admitted requests of one class hold their place, estimated as TCP estimates a round
 * trip (RFC 6298): a smoothed mean and a smoothed mean deviation, whose sum with four deviations
 * bounds nearly every sample without a histogram. A waiter with less than that left of its deadline
 * would likely meet the deadline mid-statement (504, outcome unknown), so it is shed instead (503,
 * nothing changed).
 *
 * <p>On its event loop only, as {@link Bulkhead} is.
 */
final class ServiceTime {
  /** RFC 6298's gains, as shifts: a sample moves the mean by 1/8 of its error ... */
  private static final int MEAN_GAIN_SHIFT = 3;
  /** ... and the deviation by 1/4 of the difference. */
  private static final int DEVIATION_GAIN_SHIFT = 2;
  /** RFC 6298's K: the bound is the mean plus four deviations. */
  private static final int DEVIATIONS = 4;

  private final long unmeasuredNanos;
  private long meanNanos = -1;
  private long deviationNanos;

  /** {@code unmeasuredNanos} stands in until the first request of the class has ended. */
  ServiceTime(long unmeasuredNanos) {
    this.unmeasuredNanos = unmeasuredNanos;
  }

  /** A request of the class held its place this long. */
  void add(long nanos) {
    if (meanNanos < 0) { // RFC 6298's first measurement: the mean is the sample, the deviation half of it
      meanNanos = nanos;
      deviationNanos = nanos / 2;
      return;
    }
    long error = nanos - meanNanos;
    deviationNanos += (Math.abs(error) - deviationNanos) >> DEVIATION_GAIN_SHIFT;
    meanNanos += error >> MEAN_GAIN_SHIFT;
  }

  /** The time to keep back at the end of a waiter's deadline for its work: nearly every sample is shorter. */
  long boundNanos() {
    return meanNanos < 0 ? unmeasuredNanos : meanNanos + DEVIATIONS * deviationNanos;
  }

  /** The smoothed service time: within about this long, every place has freed once. */
  long meanNanos() {
    return meanNanos < 0 ? unmeasuredNanos : meanNanos;
  }
}
