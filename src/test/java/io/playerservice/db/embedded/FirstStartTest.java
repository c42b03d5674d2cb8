package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.playerservice.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Two processes start an embedded server at once on an empty cache directory, with no usable
 * temporary directory: both run. One unpacks the binaries while the other waits for it, each
 * installs its data in its own directory, and neither the JVM nor MariaDB's tools write to
 * the temporary directory ({@code TMPDIR}, else /tmp), which may be shared, small or read-only.
 */
class FirstStartTest extends EmbeddedServerTest {
  private static final Duration START = Duration.ofSeconds(180);

  @Test
  void twoFirstStartsAtOnceNeedNoTemporaryDirectory() throws Exception {
    // Short, so the servers' sockets fit inside their data directories (DataDirectory.socket).
    Path home = Path.of(System.getProperty("user.home"), ".cache", "first-start-" + ProcessHandle.current().pid());
    FileTrees.delete(home);
    Path noTmp = home.resolve("no-tmp"); // never made: anything that writes there fails
    Map<String, String> settings = Map.of("XDG_CACHE_HOME", home.toString(), "TMPDIR", noTmp.toString());
    List<String> flags = List.of("-Djava.io.tmpdir=" + noTmp);
    try (ServiceProcess first = owner(settings, flags); ServiceProcess second = owner(settings, flags)) {
      for (ServiceProcess owner : List.of(first, second)) {
        String[] ready = owner.awaitLine("ready ", START)
            .orElseThrow(() -> new AssertionError("the owner did not start:\n" + owner.output())).split(" ");
        ServiceConfig config = KeptData.config(Integer.parseInt(ready[1]), ready[2]);
        assertEquals(List.of(1), query(config, "SELECT 1"));
      }
      long unpackers = Stream.of(first, second)
          .filter(owner -> owner.output().contains("unpacking the MariaDB binaries"))
          .count();
      assertEquals(1, unpackers, first.output() + second.output());
      assertFalse(Files.exists(noTmp));
    } finally {
      FileTrees.delete(home);
    }
  }

  private static ServiceProcess owner(Map<String, String> settings, List<String> flags) {
    return ServiceProcess.run(EmbeddedDbOwner.class, List.of("serve", ServiceConfig.THROWAWAY_DATA), settings, flags);
  }
}
