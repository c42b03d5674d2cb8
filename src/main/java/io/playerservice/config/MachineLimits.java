package io.playerservice.config;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Defaults that depend on the machine the service runs on. */
final class MachineLimits {
  /** When the open-file limit cannot be read (not a Unix JVM). */
  static final int FALLBACK_MAX_CONNECTIONS = 1024;
  /** Beyond this, memory (buffers per connection) matters more than file descriptors. */
  static final int CAP_MAX_CONNECTIONS = 10_000;

  private MachineLimits() {
  }

  /**
   * Half the process's open-file limit ({@code ulimit -n}), at most 10,000: every connection is
   * a file descriptor, and the other half stays for the database pool, the jar and the logs, so
   * that a flood of connections is refused before the process runs out of descriptors.
   */
  static int defaultMaxConnections() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof UnixOperatingSystemMXBean unix)) {
      return FALLBACK_MAX_CONNECTIONS;
    }
    long half = unix.getMaxFileDescriptorCount() / 2;
    return (int) Math.max(1, Math.min(CAP_MAX_CONNECTIONS, half));
  }
}
