package io.playerservice.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The config file as vertx-config reads it: values are used, and a broken file is an error. */
class ConfigLoaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theRepositorysDefaultFileLoads() {
    assumeTrue(System.getenv("HTTP_PORT") == null, "HTTP_PORT in the environment overrides the file");
    assertEquals(8080, ConfigLoader.load(vertx, "conf/config.json").await().httpPort());
  }

  @Test
  void theTidbCloudExampleUsesVerifiedTlsWithTheSystemTrustStore() {
    assumeTrue(System.getenv("TIDB_HOST") == null && System.getenv("CA_PATH") == null,
        "the environment overrides the file");
    ServiceConfig config = ConfigLoader.load(vertx, "conf/tidb-cloud.json").await();
    assertTrue(config.dbHost().endsWith(".tidbcloud.com"));
    assertTrue(config.tls());
    assertEquals("", config.caPath());
    assertTrue(config.databaseTarget().endsWith("(TLS, system trust store)"), config.databaseTarget());
  }

  @Test
  void aNamedFileOverridesTheDefaults(@TempDir Path dir) throws Exception {
    assumeTrue(System.getenv("HTTP_PORT") == null && System.getenv("DB_POOL_SIZE") == null,
        "the environment overrides the file");
    Path file = Files.writeString(dir.resolve("c.json"), "{\"HTTP_PORT\": 9999, \"DB_POOL_SIZE\": 3}");
    ServiceConfig config = ConfigLoader.load(vertx, file.toString()).await();
    assertEquals(9999, config.httpPort());
    assertEquals(3, config.poolSize());
  }

  @Test
  void aFileThatIsNotJsonIsRefusedNotIgnored(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"HTTP_PORT\": 9999,");
    var error = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(vertx, file.toString()).await());
    assertTrue(error.getMessage().startsWith(file + " is not valid JSON"), error.getMessage());
  }

  @Test
  void aMissingNamedFileIsRefused() {
    var error = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(vertx, "/no/such.json").await());
    assertEquals("CONFIG_FILE names no readable file: /no/such.json", error.getMessage());
  }
}
