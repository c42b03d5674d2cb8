package io.playerservice.config;

import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A user without a home directory, as a container's user without an {@code /etc/passwd} entry
 * (the JVM then sets {@code user.home} to {@code ?}): pointed at a real database, the service
 * starts, since the embedded database's directories are of no use to it; without one, it stops
 * with the reason, before anything is made in the working directory.
 */
class NoHomeDirectoryTest {
  /** What the JVM sets user.home to when the user has no home directory. */
  private static final List<String> NO_HOME = List.of("-Duser.home=?");

  @Test
  void aRealDatabaseNeedsNoHomeDirectory() throws InterruptedException {
    assumeTrue(System.getenv("XDG_DATA_HOME") == null, "the default data directory would not be under user.home");
    ServiceConfig database = TestDatabase.config();
    int port = ServiceUnderTest.freePort();
    Map<String, String> settings = Map.of("TIDB_HOST", database.dbHost(), "TIDB_PORT", String.valueOf(database.dbPort()),
        "TIDB_USER", database.dbUser(), "TIDB_PASSWORD", database.dbPassword(), "TIDB_DB_NAME", database.dbName(),
        "HTTP_PORT", String.valueOf(port));
    try (ServiceProcess service = ServiceProcess.start(settings, NO_HOME)) {
      assertTrue(service.awaitOutput("listening on", Duration.ofSeconds(60)), service.output());
      assertEquals(143, service.terminate(Duration.ofSeconds(30)), service.output());
    }
  }

  @Test
  void theEmbeddedDatabaseNeedsADataDirectory() throws InterruptedException {
    assumeTrue(System.getenv("XDG_DATA_HOME") == null, "the default data directory would not be under user.home");
    try (ServiceProcess service = ServiceProcess.start(Map.of("HTTP_PORT", "0"), NO_HOME)) {
      assertEquals(2, service.awaitExit(Duration.ofSeconds(60)), service.output());
      assertTrue(service.output().contains("invalid configuration: EMBEDDED_DATA_DIR must be an absolute path or"
          + " :temp:, got '?/.local/share/player-service/mariadb'"), service.output());
    }
  }

  @Test
  void theEmbeddedDatabaseNeedsACacheDirectoryForItsBinaries() throws InterruptedException {
    assumeTrue(System.getenv("XDG_CACHE_HOME") == null, "the cache directory would not be under user.home");
    try (ServiceProcess service = ServiceProcess.start(Map.of("HTTP_PORT", "0", "EMBEDDED_DATA_DIR", ":temp:"),
        NO_HOME)) {
      assertEquals(1, service.awaitExit(Duration.ofSeconds(60)), service.output());
      assertTrue(service.output().contains("player-service failed to start: the embedded MariaDB has no cache"
          + " directory for its binaries: this user has no home directory (user.home is '?'); set XDG_CACHE_HOME"),
          service.output());
    }
    assertFalse(Files.exists(Path.of("?")), "nothing made in the working directory");
  }
}
