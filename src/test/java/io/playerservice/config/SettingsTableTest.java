package io.playerservice.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings table of the configuration page is exactly what the declarations in {@link Setting} render. */
class SettingsTableTest {
  private static final Path PAGE = Path.of("src/site/markdown/configuration.md");

  @Test
  void theConfigurationPagesTableIsTheDeclarations() throws Exception {
    List<String> page = Files.readAllLines(PAGE);
    int section = page.indexOf("## The settings");
    assertTrue(section >= 0, PAGE + " has a section \"## The settings\"");
    List<String> rest = page.subList(section, page.size());
    int start = rest.indexOf("| name | flag | default | meaning |");
    assertTrue(start >= 0, "the settings section of " + PAGE + " has the settings table");
    String table = rest.subList(start, rest.size()).stream()
        .takeWhile(line -> line.startsWith("|"))
        .collect(Collectors.joining("\n", "", "\n"));
    assertEquals(SettingsTable.markdown(), table,
        PAGE + "'s settings table differs from the declarations: paste `java -jar target/player-service.jar"
            + " settings --table` over it");
  }

  @Test
  void flagsComeFromNamesAndSecretsHaveNone() {
    assertEquals("--http-port", Setting.HTTP_PORT.flag());
    assertEquals("--idempotency-key-ttl", Setting.IDEMPOTENCY_KEY_TTL.flag());
    assertTrue(Setting.TIDB_PASSWORD.secret());
    assertTrue(SettingsTable.markdown().contains("| `TIDB_PASSWORD` | *(none: secret)* |"));
  }
}
