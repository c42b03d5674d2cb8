package io.playerservice.db.embedded;

import io.playerservice.cli.Main;
import io.playerservice.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code embedded-db} as an operator runs it, then stops it with SIGTERM: the JVM exits with 143
 * and takes its {@code mariadbd} with it, on kept data and on throwaway data alike.
 */
class EmbeddedDbCommandTest {
  private static final Duration START = Duration.ofSeconds(120);

  @Test
  void sigtermStopsTheServerOnKeptData() throws Exception {
    Path dir = KeptData.newDirectory();
    try {
      assertSigtermStopsTheServer(dir.toString());
    } finally {
      PidFile.stopOrphan(dir.resolve("mariadbd.pid")); // if the test failed, the server it left
      FileTrees.delete(dir);
    }
  }

  @Test
  void sigtermStopsTheServerOnThrowawayData() throws Exception {
    assertSigtermStopsTheServer(":temp:");
  }

  private static void assertSigtermStopsTheServer(String dataDir) throws Exception {
    try (ServiceProcess command = ServiceProcess.run(Main.class, List.of("embedded-db"),
        Map.of("EMBEDDED_DATA_DIR", dataDir), List.of())) {
      String port = command.awaitLine("TIDB_PORT=", START)
          .orElseThrow(() -> new AssertionError("embedded-db did not start: " + command.output()))
          .substring("TIDB_PORT=".length());
      ProcessHandle server = ProcessHandle.of(command.pid()).orElseThrow().descendants()
          .filter(p -> p.info().commandLine().orElse("").contains("mariadbd"))
          .filter(p -> p.info().commandLine().orElse("").contains("--port=" + port))
          .findFirst().orElseThrow(() -> new AssertionError("no mariadbd on port " + port));

      assertEquals(143, command.terminate(Duration.ofSeconds(60)), command.output());
      // Stopped before the JVM exited, not merely signalled: nothing runs on without its owner.
      assertFalse(PidFile.running(server.pid()), "mariadbd " + server.pid() + " outlived embedded-db:\n"
          + command.output());
    }
  }
}
