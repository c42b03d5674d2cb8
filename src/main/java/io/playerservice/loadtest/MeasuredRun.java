package io.playerservice.loadtest;

import java.util.List;

/**
 * One measured run, as the checks and the report take it.
 *
 * @param seconds the run's wall time
 * @param cpuNanos what the generator's process used over it; -1: unknown
 * @param busy how busy each sending loop was
 */
record MeasuredRun(LoadStats stats, ExactlyOnceCheck exactlyOnce, BulkCheck bulk, double seconds, long cpuNanos,
    List<LoopBusy> busy) {

  /** The process's CPU over the run, in cores; -1: unknown. */
  double cpuCores() {
    return cpuNanos < 0 ? -1 : Math.round(cpuNanos / 1e9 / seconds * 100) / 100.0;
  }

  /** Whether some sending loop was as busy as {@link LoopBusy#SATURATED}: the generator set the pace. */
  boolean generatorBound() {
    return busy.stream().anyMatch(loop -> loop.share() >= LoopBusy.SATURATED);
  }
}
