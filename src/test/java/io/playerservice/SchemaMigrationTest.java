package io.playerservice;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.ThrowawaySchema;
import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migrations as part of the service's start, as {@code main} and embedders deploy it: an
 * existing {@code player} table is adopted and served, a failing migration stops the start in one
 * line, and {@code DB_MIGRATE=false} leaves the schema alone.
 */
class SchemaMigrationTest {
  /** player_init.sql's player table, as a user who followed PingCAP's guide has it. */
  private static final String PLAYER_INIT_TABLE = """
      CREATE TABLE player (`id` VARCHAR(36), `coins` INTEGER, `goods` INTEGER, PRIMARY KEY (`id`))
      DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin""";

  @Test
  void anExistingPlayerTableIsAdoptedAndServedWithItsRows() {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      schema.execute(PLAYER_INIT_TABLE, "INSERT INTO player VALUES ('1', 100, 5), ('2', 100, 0)");
      try (ServiceUnderTest service = ServiceUnderTest.start(onPort(schema.config))) {
        assertEquals(200, service.get("/health/ready").statusCode());
        assertEquals(2, service.count());
        // The ledger the adoption added takes the trade.
        assertEquals(200, service.post("/trades", new JsonObject().put("sellId", "1").put("buyId", "2")
            .put("amount", 1).put("price", 10)).statusCode());
        assertEquals(List.of("1"), schema.column("SELECT COUNT(*) FROM trade"));
      }
    }
  }

  @Test
  void anEditedMigrationStopsTheStartWithOneLine() {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      ServiceUnderTest.start(onPort(schema.config)).close();
      schema.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
      var failure = assertThrows(RuntimeException.class, () -> ServiceUnderTest.start(onPort(schema.config)).close());
      assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
      assertTrue(failure.getMessage().contains("checksum mismatch for migration version 1"), failure.getMessage());
    }
  }

  @Test
  void theProcessExitsWithTheReasonOnOneLineAndNoStackTrace() throws Exception {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      ServiceUnderTest.start(onPort(schema.config)).close();
      schema.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
      try (ServiceProcess process = ServiceProcess.start(settings(onPort(schema.config)),
          List.of("-Dlogback.configurationFile=logback.xml"))) {
        assertEquals(1, process.awaitExit(Duration.ofSeconds(60)), process.output());
        List<String> alarming = process.lines().stream()
            .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertEquals(1, alarming.size(), process.output());
        assertTrue(alarming.get(0).contains("failed to start")
            && alarming.get(0).contains("checksum mismatch for migration version 3"), alarming.get(0));
        assertTrue(process.lines().stream().noneMatch(line -> line.startsWith("\tat ")), process.output());
      }
    }
  }

  @Test
  void withDbMigrateFalseTheServiceLeavesTheSchemaAlone() {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      ServiceConfig config = ServiceConfig.fromJson(onPort(schema.config).toJson().put("DB_MIGRATE", false));
      try (ServiceUnderTest service = ServiceUnderTest.start(config)) {
        assertEquals(200, service.get("/health/ready").statusCode());
        assertEquals(List.of(), schema.tables());
        // Until someone runs `migrate`, data requests are unavailable, not internal errors.
        assertProblem(service.get("/players/count"), 503);
        assertEquals(List.of("0"), schema.column("SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE table_schema = '" + schema.name() + "'"), "no history table either");
      }
    }
  }

  private static ServiceConfig onPort(ServiceConfig config) {
    return config.withHttpPort(ServiceUnderTest.freePort());
  }

  private static Map<String, String> settings(ServiceConfig config) {
    Map<String, String> settings = new HashMap<>();
    config.toJson().forEach(entry -> settings.put(entry.getKey(), String.valueOf(entry.getValue())));
    return settings;
  }
}
