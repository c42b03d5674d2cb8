package io.playerservice.loadtest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy one sending loop was while it sent: the share of the time its thread ran on a core or
 * waited for one, read on that thread at the start and at the end of its sending. A loop near a
 * full core is the limit, not the service: answers wait in it before they are read. Linux's
 * {@code /proc/thread-self/schedstat} gives both times; elsewhere only the CPU time is known, which
 * understates a loop that a busy machine keeps waiting.
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
  private long busyStart = -1;
  private double share = Double.NaN;
  private boolean stopped;

  /** On the loop's thread, as it starts sending. */
  void start() {
    wallStart = System.nanoTime();
    busyStart = busyNanos();
  }

  /** On the loop's thread, as it stops sending; later calls change nothing. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    long busy = busyNanos();
    long wall = System.nanoTime() - wallStart;
    if (busyStart >= 0 && busy >= 0 && wall > 0) {
      share = Math.min(1, (busy - busyStart) / (double) wall);
    }
  }

  /** The busy share, 0..1; NaN when unknown. */
  double share() {
    return share;
  }

  /**
   * This thread's time on a core plus its time waiting for one, in ns; its CPU time alone where
   * schedstat cannot be read; -1 when neither is known. The read is of a small procfs file, twice
   * a run, so it may run on the event loop.
   */
  private static long busyNanos() {
    try {
      String[] fields = Files.readString(SCHEDSTAT).trim().split("\\s+");
      return Long.parseLong(fields[0]) + Long.parseLong(fields[1]);
    } catch (IOException | RuntimeException e) {
      return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
  }
}
