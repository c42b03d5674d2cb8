package io.playerservice.loadtest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy one sending loop was while it sent: the share of the time its thread ran on a core,
 * and the share it was ready to run but waited for one (a machine whose cores are taken by the
 * service, the database or anything else). Both are read on that thread at the start and at the
 * end of its sending. A loop near a full core is the limit, not the service: answers wait in it
 * before they are read. Linux's {@code /proc/thread-self/schedstat} gives both times; elsewhere
 * only the time on a core is known.
 */
final class LoopBusy {
  /**
   * At a busy share u an answer waits about u/(1-u) of the loop's time per request before it is
   * read (an M/M/1 queue); from 0.9 that is nine requests' time and it doubles by 0.95, so the
   * loop's own queue, not the service, sets the latency and the pace.
   */
  static final double SATURATED = 0.9;

  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long wallStart;
  private long[] start;
  private double onCore = Double.NaN;
  private double waiting = Double.NaN;
  private boolean stopped;

  /** On the loop's thread, as it starts sending. */
  void start() {
    wallStart = System.nanoTime();
    start = times();
  }

  /** On the loop's thread, as it stops sending; later calls change nothing. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    long[] end = times();
    double wall = System.nanoTime() - wallStart;
    if (start[0] >= 0 && end[0] >= 0 && wall > 0) {
      onCore = Math.min(1, (end[0] - start[0]) / wall);
      waiting = start[1] < 0 ? 0 : Math.min(1 - onCore, (end[1] - start[1]) / wall);
    }
  }

  /** The share of its sending time the loop ran on a core or waited for one, 0..1; NaN when unknown. */
  double share() {
    return onCore + waiting;
  }

  /** The share it ran on a core; NaN when unknown. */
  double onCore() {
    return onCore;
  }

  /**
   * {ns on a core, ns waiting for one} of this thread so far; the wait is -1 where schedstat cannot
   * be read, and both are -1 when neither is known. The read is of a small procfs file, twice a
   * run, so it may run on the event loop.
   */
  private static long[] times() {
    try {
      String[] fields = Files.readString(SCHEDSTAT).trim().split("\\s+");
      return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    } catch (IOException | RuntimeException e) {
      return new long[] {THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1, -1};
    }
  }
}
