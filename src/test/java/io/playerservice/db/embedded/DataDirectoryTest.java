package io.playerservice.db.embedded;

import io.playerservice.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory has one owner at a time. Its lock is a POSIX record lock, which a process loses
 * when it closes any descriptor of the lock file: asking again in the owning process, or a
 * sweep of throwaway directories there, must leave it owned for every other process.
 */
class DataDirectoryTest {

  @Test
  void askingAgainInTheOwningProcessKeepsTheDirectoryOwned() throws Exception {
    Path root = KeptData.newDirectory();
    Path dir = root.resolve("owned");
    DataDirectory owned = DataDirectory.claim(dir);
    try {
      assertTrue(DataDirectory.tryClaim(dir).isEmpty());
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DataDirectory.claim(dir));
      assertTrue(refused.getMessage().contains("is in use by this process"), refused.getMessage());
      ThrowawayDirectories.sweep(root); // as any start does, with dir as if it were throwaway

      assertEquals("refused", claimFromAnotherProcess(dir));
    } finally {
      owned.release();
    }
    assertEquals("claimed", claimFromAnotherProcess(dir), "a released directory can be owned again");
    FileTrees.delete(root);
  }

  private static String claimFromAnotherProcess(Path dir) throws InterruptedException {
    try (ServiceProcess other = ServiceProcess.run(EmbeddedDbOwner.class, List.of("claim", dir.toString()),
        Map.of(), List.of())) {
      assertEquals(0, other.awaitExit(Duration.ofSeconds(60)), other.output());
      return other.awaitLine("", Duration.ofSeconds(5)).orElseThrow();
    }
  }
}
