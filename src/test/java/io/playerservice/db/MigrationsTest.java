package io.playerservice.db;

import io.playerservice.cli.Cli;
import io.playerservice.config.ServiceConfig;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The versioned migrations against each state a database may be in when the service starts:
 * empty, a {@code player} table from {@code player_init.sql}, all tables from the service before
 * it had migrations, already migrated, and two nodes starting at once. Each case has a schema of
 * its own on the test server.
 */
class MigrationsTest {
  private static final List<String> TABLES = List.of("idempotency_key", "player", "trade");
  private static final List<String> VERSIONS = List.of("1", "2", "3");

  @Test
  void playerInitSqlMakesExactlyTheTablesTheMigrationsMake() throws Exception {
    try (ThrowawaySchema byScript = ThrowawaySchema.create(); ThrowawaySchema migrated = ThrowawaySchema.create()) {
      byScript.execute(playerInitSql().toArray(String[]::new));
      Migrations.apply(migrated.config);
      assertEquals(TABLES, byScript.tables());
      assertEquals(TABLES, migrated.tables());
      for (String table : TABLES) {
        assertEquals(byScript.column("SHOW CREATE TABLE " + table, 2),
            migrated.column("SHOW CREATE TABLE " + table, 2), table);
      }
    }
  }

  @Test
  void anEmptyDatabaseGetsEveryMigrationOnce() {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      MigrateResult result = Migrations.apply(schema.config);
      assertEquals(3, result.migrationsExecuted);
      assertEquals("3", result.targetSchemaVersion);
      assertEquals(TABLES, schema.tables());
      assertEquals(VERSIONS, appliedVersions(schema));
      assertTrue(Migrations.summary(result, schema.config).contains("from an empty database to version 3"),
          Migrations.summary(result, schema.config));
    }
  }

  @Test
  void aPlayerTableFromPlayerInitSqlIsAdoptedWithItsRows() throws Exception {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      schema.execute(create("player"), "INSERT INTO player VALUES ('kept', 7, 8)");
      MigrateResult result = Migrations.apply(schema.config);
      assertEquals(List.of("kept 7 8"), schema.column("SELECT CONCAT_WS(' ', id, coins, goods) FROM player"));
      assertEquals(TABLES, schema.tables(), "the missing tables are added");
      assertEquals(List.of("0", "1", "2", "3"), schema.column(
          "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
      assertEquals("BASELINE", schema.column("SELECT type FROM flyway_schema_history WHERE version = '0'").get(0));
      assertTrue(Migrations.summary(result, schema.config).contains("existing tables, adopted at version 0"),
          Migrations.summary(result, schema.config));
    }
  }

  @Test
  void tablesTheServiceMadeBeforeMigrationsAreAdoptedWithTheirRows() throws Exception {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      schema.execute(create("player"), create("trade"), create("idempotency_key"),
          "INSERT INTO player VALUES ('kept', 7, 8)",
          "INSERT INTO trade VALUES (UNHEX(REPEAT('ab', 16)), 'a', 'b', 1, 2, 3, 4, 5, 6, NOW(6), NULL)");
      Migrations.apply(schema.config);
      assertEquals(List.of("1"), schema.column("SELECT COUNT(*) FROM player"));
      assertEquals(List.of("1"), schema.column("SELECT COUNT(*) FROM trade"));
      assertEquals(List.of("0", "1", "2", "3"), schema.column(
          "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
    }
  }

  @Test
  void aMigratedDatabaseIsLeftAsItIs() {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      Migrations.apply(schema.config);
      MigrateResult again = Migrations.apply(schema.config);
      assertEquals(0, again.migrationsExecuted);
      assertEquals(VERSIONS, appliedVersions(schema));
      assertTrue(Migrations.summary(again, schema.config).endsWith("is up to date at version 3"),
          Migrations.summary(again, schema.config));
    }
  }

  /** Flyway's lock: the second node waits for the first, then finds nothing left to do. */
  @Test
  void twoNodesStartingAtOnceApplyEachMigrationOnce() throws Exception {
    for (String state : List.of("empty", "player only")) {
      try (ThrowawaySchema schema = ThrowawaySchema.create()) {
        if (state.equals("player only")) {
          schema.execute(create("player"));
        }
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<MigrateResult>> nodes = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
          nodes.add(CompletableFuture.supplyAsync(() -> {
            try {
              together.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return Migrations.apply(schema.config);
          }));
        }
        int executed = 0;
        for (CompletableFuture<MigrateResult> node : nodes) {
          executed += node.get(60, TimeUnit.SECONDS).migrationsExecuted;
        }
        assertEquals(3, executed, state + ": each migration ran once in all");
        assertEquals(state.equals("empty") ? VERSIONS : List.of("0", "1", "2", "3"), appliedVersions(schema), state);
        assertEquals(TABLES, schema.tables(), state);
      }
    }
  }

  @Test
  void aFailingMigrationIsReportedInOneLineWithTheDatabasesError() {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      var failure = assertThrows(Migrations.MigrationFailed.class,
          () -> Migrations.apply(schema.config, "classpath:db/broken"));
      String reason = failure.getMessage();
      assertFalse(reason.contains("\n"), reason);
      assertTrue(reason.contains("V1__broken.sql") && reason.contains("no_such_table")
          && reason.contains("(error 1146)"), reason);
      assertFalse(failure.unreachable(), "a broken migration is not retried");
    }
  }

  /**
   * The {@code migrate} command, run through the command line as an operator would (settings from
   * a config file, since the password has no flag); an applied migration edited afterwards makes
   * Flyway's validation refuse, in one line.
   */
  @Test
  void theMigrateCommandSaysWhatItDidOrWhyItFailed(@TempDir Path dir) throws IOException {
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      Path settings = Files.writeString(dir.resolve("config.json"), schema.config.toJson().encode());
      String[] migrate = {"migrate", "--config-file", settings.toString()};
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      assertEquals(0, Cli.run(migrate, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
      assertEquals("schema of " + schema.config.databaseTarget()
          + " migrated from an empty database to version 3: applied V1 player (", out.toString().split("\\d+ ms")[0]);

      schema.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      assertEquals(1, Cli.run(migrate, new PrintWriter(out, true), new PrintWriter(err, true)));
      assertEquals("", out.toString());
      assertEquals(1, err.toString().lines().count(), err.toString());
      assertTrue(err.toString().startsWith("migrate failed: Validate failed")
          && err.toString().contains("checksum mismatch"), err.toString());
    }
  }

  /** A database that does not answer is worth another try later; the service starts and retries. */
  @Test
  void anUnreachableDatabaseIsToldApartFromAFailedMigration() {
    ServiceConfig nowhere = ServiceConfig.fromJson(new JsonObject().put("TIDB_HOST", "127.0.0.1")
        .put("TIDB_PORT", ServiceUnderTest.freePort()));
    var failure = assertThrows(Migrations.MigrationFailed.class, () -> Migrations.apply(nowhere));
    assertTrue(failure.unreachable(), failure.getMessage());
    assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
  }

  private static List<String> appliedVersions(ThrowawaySchema schema) {
    return schema.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
  }

  /** player_init.sql's statements as a user's client runs them, less its USE (the test picks the schema). */
  static List<String> playerInitSql() throws Exception {
    String script = Files.readString(Path.of("player_init.sql")).replaceAll("(?m)^--.*$", "");
    return Arrays.stream(script.split(";"))
        .map(String::strip)
        .filter(statement -> !statement.isEmpty() && !statement.startsWith("USE "))
        .toList();
  }

  /** player_init.sql's CREATE TABLE of {@code table}: what an existing database holds. */
  static String create(String table) throws Exception {
    return playerInitSql().stream()
        .filter(statement -> statement.startsWith("CREATE TABLE " + table + " "))
        .findFirst().orElseThrow();
  }
}
