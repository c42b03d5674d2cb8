package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.playerservice.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of the JVM that owns an embedded MariaDB leaves its {@code mariadbd} running,
 * an orphan. The next start finds it by its pid file and stops it, keeps kept data, removes
 * throwaway data, and nothing of it is left in java.io.tmpdir. While the owner lives, a second
 * one is refused.
 */
class KilledOwnerTest extends EmbeddedServerTest {
  private static final Duration START = Duration.ofSeconds(90);
  private static final String PID_FILE = "mariadbd.pid";

  @Test
  void theNextStartStopsTheOrphanAndKeepsTheData() throws Exception {
    Path dir = KeptData.newDirectory();
    try (ServiceProcess owner = ServiceProcess.run(EmbeddedDbOwner.class, List.of("serve", dir.toString()),
        Map.of(), List.of())) {
      String[] ready = awaitReady(owner);
      ServiceConfig config = KeptData.config(Integer.parseInt(ready[1]), ready[2]);
      query(config, "CREATE TABLE kept (id INT PRIMARY KEY)");
      query(config, "INSERT INTO kept VALUES (7)");

      String inUse = "the data directory " + dir + " is in use by another process (pid " + owner.pid() + ")";
      IllegalStateException refused = assertThrows(
          IllegalStateException.class, () -> EmbeddedMariaDb.startIn(dir, "test"));
      assertTrue(refused.getMessage().startsWith(inUse), refused.getMessage());
      assertServiceRefuses(dir, inUse);

      long orphan = pidIn(dir);
      owner.kill();
      assertTrue(PidFile.running(orphan), "kill -9 of its owner leaves mariadbd " + orphan + " running");

      try (EmbeddedMariaDb database = EmbeddedMariaDb.startIn(dir, "test")) {
        assertFalse(PidFile.running(orphan), "the next start stopped the orphan");
        assertNotEquals(orphan, pidIn(dir));
        assertEquals(List.of(7), query(KeptData.config(database), "SELECT id FROM kept"));
      }
    } finally {
      PidFile.stopOrphan(dir.resolve(PID_FILE)); // the killed owner's server, if a failure came first
      FileTrees.delete(dir);
    }
  }

  @Test
  void theNextStartRemovesAKilledOwnersThrowawayData() throws Exception {
    Path tmp = KeptData.newDirectory(); // the owner's java.io.tmpdir, to see what it leaves there
    Files.createDirectories(tmp);
    Path[] throwawayOfOwner = new Path[1];
    try (ServiceProcess owner = ServiceProcess.run(EmbeddedDbOwner.class,
        List.of("serve", ServiceConfig.THROWAWAY_DATA), Map.of(), List.of("-Djava.io.tmpdir=" + tmp))) {
      Path throwaway = Path.of(awaitReady(owner)[3]);
      throwawayOfOwner[0] = throwaway;
      long orphan = pidIn(throwaway);
      owner.kill();
      assertTrue(PidFile.running(orphan), "kill -9 of its owner leaves mariadbd " + orphan + " running");

      try (EmbeddedMariaDb ignored = EmbeddedMariaDb.start("test")) {
        assertFalse(PidFile.running(orphan), "the next start stopped the orphan");
        assertFalse(Files.exists(throwaway), "the next start removed " + throwaway);
      }
      try (Stream<Path> left = Files.list(tmp)) {
        assertEquals(List.of(), left.toList(), "left in the owner's java.io.tmpdir");
      }
    } finally {
      if (throwawayOfOwner[0] != null) { // the killed owner's server, if a failure came first
        PidFile.stopOrphan(throwawayOfOwner[0].resolve(PID_FILE));
        FileTrees.delete(throwawayOfOwner[0]);
      }
      FileTrees.delete(tmp);
    }
  }

  /** Main, as an operator runs it, on a directory another process owns: one line, exit code 1. */
  private static void assertServiceRefuses(Path dir, String reason) throws InterruptedException {
    try (ServiceProcess service = ServiceProcess.start(Map.of("EMBEDDED_DATA_DIR", dir.toString()), List.of())) {
      assertEquals(1, service.awaitExit(Duration.ofSeconds(60)), service.output());
      List<String> errors = service.lines().stream().filter(line -> line.contains("ERROR")).toList();
      assertEquals(1, errors.size(), service.output());
      assertTrue(errors.get(0).contains("player-service failed to start: " + reason), errors.get(0));
    }
  }

  /** "ready PORT PASSWORD DIR", split. */
  private static String[] awaitReady(ServiceProcess owner) throws InterruptedException {
    return owner.awaitLine("ready ", START)
        .orElseThrow(() -> new AssertionError("the owner did not start: " + owner.output()))
        .split(" ");
  }

  private static long pidIn(Path dir) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(PID_FILE)).trim());
  }
}
