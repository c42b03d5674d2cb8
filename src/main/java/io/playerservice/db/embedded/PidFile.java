package io.playerservice.db.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pid file {@code mariadbd} writes ({@code --pid-file}) and removes when it stops. A server
 * whose owner was killed ({@code kill -9}) keeps running and keeps its file; the next start of
 * the same directory finds it there and stops it: by its pid, never by a process name, so no
 * other server on the machine is touched.
 */
final class PidFile {
  private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

  private PidFile() {
  }

  /** The {@code mariadbd} option that makes the server write {@code file}. */
  static String option(Path file) {
    return "--pid-file=" + file;
  }

  /**
   * Stops the server {@code file} names, if it still runs, and removes the file. Call it only
   * as the directory's owner: the server it finds has no owner then.
   */
  static void stopOrphan(Path file) {
    try {
      orphan(file).ifPresent(server -> stop(server, file));
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Optional<ProcessHandle> orphan(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file).trim());
    } catch (NumberFormatException e) {
      return Optional.empty(); // cut short by a crash: no server got as far as running
    }
    // A recycled pid may now belong to anything: only a mariadbd started with this very file is ours.
    return ProcessHandle.of(pid)
        .filter(process -> running(process.pid()))
        .filter(process -> process.info().arguments()
            .map(args -> List.of(args).contains(option(file)))
            .orElse(false));
  }

  private static void stop(ProcessHandle server, Path file) {
    LOG.warn("stopping the embedded MariaDB (pid {}) left running by an owner that died; its pid file is {}",
        server.pid(), file);
    server.destroy(); // SIGTERM: InnoDB shuts down cleanly
    if (!awaitExit(server, 60)) {
      LOG.warn("the embedded MariaDB (pid {}) did not stop in 60 s: killing it", server.pid());
      server.destroyForcibly(); // InnoDB recovers at the next start
      if (!awaitExit(server, 10)) {
        throw new IllegalStateException("the embedded MariaDB (pid " + server.pid()
            + ") that a dead owner left running does not stop");
      }
    }
  }

  private static boolean awaitExit(ProcessHandle process, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (running(process.pid())) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code pid} runs. Not {@link ProcessHandle#isAlive()} alone: an orphan that stopped
   * stays a zombie until init reaps it, and some inits (in containers, VMs) never do.
   */
  static boolean running(long pid) {
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      return false;
    }
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return true; // no procfs to tell a zombie by
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2); // "pid (name) S ..."
      return state != 'Z' && state != 'X';
    } catch (IOException | IndexOutOfBoundsException e) {
      return false; // gone meanwhile
    }
  }
}
