package io.playerservice.db.embedded;

import io.playerservice.config.InvalidConfigException;
import io.playerservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EMBEDDED_DATA_DIR: kept data in the user's data directory by default, :temp: for throwaway data. */
class EmbeddedDataDirSettingTest {

  private static ServiceConfig withDataDir(String value) {
    return ServiceConfig.fromJson(new JsonObject().put("EMBEDDED_DATA_DIR", value));
  }

  @Test
  void theDefaultKeepsDataInTheUsersDataDirectory() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject());
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".local", "share");
    assertEquals(base.resolve("player-service/mariadb").toString(), config.embeddedDataDir());
    assertFalse(config.throwawayEmbeddedData());
  }

  @Test
  void temporaryDataIsAskedForByName() {
    assertTrue(withDataDir(":temp:").throwawayEmbeddedData());
  }

  @Test
  void aConfigFileMayStartThePathWithTheHomeDirectory() {
    assertEquals(System.getProperty("user.home") + "/players", withDataDir("~/players").embeddedDataDir());
  }

  @Test
  void aRelativePathIsRefused() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> withDataDir("data"));
    assertEquals("EMBEDDED_DATA_DIR must be an absolute path or :temp:, got 'data'", e.getMessage());
  }

  @Test
  void theSettingSurvivesPointingTheConfigAtTheEmbeddedServer() {
    ServiceConfig config = withDataDir("/srv/players").withDatabase("127.0.0.1", 3306, "player", "pw");
    assertEquals("/srv/players", config.embeddedDataDir());
  }
}
