package io.playerservice.db;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code player_init.sql}, the script users run by hand, creates exactly the tables the service creates. */
class SchemaTest {

  @Test
  void playerInitSqlMatchesTheTablesTheServiceCreates() throws Exception {
    String script = Files.readString(Path.of("player_init.sql"));
    List<String> created = Arrays.stream(script.replaceAll("(?m)^--.*$", "").split(";"))
        .map(SchemaTest::normalized)
        .filter(statement -> statement.startsWith("CREATE TABLE"))
        .toList();
    List<String> service = Schema.CREATE_TABLES.stream()
        .map(sql -> normalized(sql.replace("CREATE TABLE IF NOT EXISTS", "CREATE TABLE")))
        .toList();
    assertEquals(service, created);
  }

  private static String normalized(String sql) {
    return sql.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").trim();
  }
}
