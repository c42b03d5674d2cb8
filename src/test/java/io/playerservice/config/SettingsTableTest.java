package io.playerservice.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's Configuration table is exactly what the declarations in {@link Setting} render. */
class SettingsTableTest {

  @Test
  void theReadmesTableIsTheDeclarations() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    int section = readme.indexOf("## Configuration");
    assertTrue(section >= 0, "README.md has a Configuration section");
    List<String> rest = readme.subList(section, readme.size());
    int start = rest.indexOf("| name | flag | default | meaning |");
    assertTrue(start >= 0, "the Configuration section has the settings table");
    String table = rest.subList(start, rest.size()).stream()
        .takeWhile(line -> line.startsWith("|"))
        .collect(Collectors.joining("\n", "", "\n"));
    assertEquals(SettingsTable.markdown(), table,
        "README.md's settings table differs from the declarations: paste `java -jar target/player-service.jar"
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
