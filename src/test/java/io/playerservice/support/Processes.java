package io.playerservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Freezes, thaws or kills a database server process, for a database that hangs or dies. */
public final class Processes {
  private Processes() {
  }

  /** The embedded {@code mariadbd} this JVM started on {@code port}. */
  public static ProcessHandle mariadbd(int port) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("mariadbd"))
        .filter(p -> p.info().commandLine().orElse("").contains("--port=" + port))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no mariadbd child process on port " + port));
  }

  /** SIGSTOP: the process keeps its sockets open but answers nothing. */
  public static void freeze(ProcessHandle process) {
    signal("-STOP", process);
  }

  /** SIGKILL: the process dies at once, with no chance to flush or close anything. */
  public static void kill(ProcessHandle process) {
    signal("-KILL", process);
  }

  /** SIGCONT: the process carries on where it stopped. */
  public static void thaw(ProcessHandle process) {
    signal("-CONT", process);
  }

  private static void signal(String signal, ProcessHandle process) {
    try {
      int status = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
      if (status != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
