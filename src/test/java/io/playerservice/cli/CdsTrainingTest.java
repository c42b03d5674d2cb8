package io.playerservice.cli;

import io.playerservice.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training run {@code mvn package} makes its class-data archive with: in a JVM of its own, with
 * a database named in the environment that it must leave alone, it serves every request it sends
 * with an answer and exits 0. The build ignores a failed training (the service then starts without
 * the archive, slower), so this is where one shows.
 */
class CdsTrainingTest {

  @Test
  void trainsWithoutADatabaseAndExits() throws Exception {
    // A database that would answer wrongly if it were used: the run must not reach for it.
    Map<String, String> settings = Map.of("TIDB_HOST", "192.0.2.1", "TIDB_PORT", "4000");
    try (ServiceProcess process = ServiceProcess.run(Main.class, List.of("cds-training"), settings, List.of())) {
      assertEquals(0, process.awaitExit(Duration.ofSeconds(120)), process.output());
      List<String> answers = process.lines().stream().filter(line -> line.contains("cds-training: ")
          && line.contains(" answered ")).toList();
      assertEquals(CdsTrainingCommand.CALLS.size(), answers.size(), process.output());
      assertTrue(process.output().contains("GET /metrics answered 200"), process.output());
      assertTrue(process.output().contains("POST /trades answered 503"), process.output());
      assertFalse(process.output().contains("192.0.2.1"), process.output());
    }
  }
}
