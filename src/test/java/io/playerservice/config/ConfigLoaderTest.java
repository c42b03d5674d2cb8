package io.playerservice.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The config file as vertx-config reads it: values are used, and a broken file is an error; the
 * layers in their order.
 */
class ConfigLoaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** As the commands load it: {@code named} as --config-file, this process's environment, no flags. */
  private Future<ServiceConfig> load(String named) {
    return ConfigLoader.load(vertx, named, System.getenv(), new JsonObject());
  }

  /** The example loads, and shows only what differs from the defaults: it is not a second copy of them. */
  @Test
  void theExampleFileLoadsAndHoldsOnlyWhatDiffersFromTheDefaults() throws Exception {
    JsonObject example = new JsonObject(Files.readString(Path.of("conf/config.example.json")));
    ServiceConfig config = ConfigLoader.load(vertx, "conf/config.example.json", Map.of(), new JsonObject()).await();
    assertEquals(8081, config.httpPort());
    assertEquals(Duration.ofDays(7), config.idempotencyKeyTtl());
    JsonObject defaults = ServiceConfig.fromJson(new JsonObject()).toJson();
    for (String name : example.fieldNames()) {
      assertNotEquals(defaults.getValue(name), config.toJson().getValue(name), name + " repeats its default");
    }
  }

  @Test
  void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"),
        "{\"HTTP_PORT\": 1111, \"DB_POOL_SIZE\": 3, \"TRADE_MAX_ATTEMPTS\": 5}");
    Map<String, String> env = Map.of("HTTP_PORT", "2222", "DB_POOL_SIZE", "4", "UNRELATED", "x");
    JsonObject flags = new JsonObject().put("HTTP_PORT", "3333");

    ServiceConfig config = ConfigLoader.load(vertx, file.toString(), env, flags).await();

    assertEquals(3333, config.httpPort(), "the flag");
    assertEquals(4, config.poolSize(), "the environment");
    assertEquals(5, config.tradeMaxAttempts(), "the file");
    assertEquals(10_000, config.requestTimeoutMs(), "the default");
  }

  @Test
  void theEnvironmentNamesTheFileUnlessAFlagDoes(@TempDir Path dir) throws Exception {
    Path fromEnv = Files.writeString(dir.resolve("env.json"), "{\"HTTP_PORT\": 1111}");
    Path fromFlag = Files.writeString(dir.resolve("flag.json"), "{\"HTTP_PORT\": 2222}");
    Map<String, String> env = Map.of("CONFIG_FILE", fromEnv.toString());
    assertEquals(1111, ConfigLoader.load(vertx, null, env, new JsonObject()).await().httpPort());
    assertEquals(2222, ConfigLoader.load(vertx, fromFlag.toString(), env, new JsonObject()).await().httpPort());
  }

  @Test
  void theTidbCloudExampleUsesVerifiedTlsWithTheSystemTrustStore() {
    assumeTrue(System.getenv("TIDB_HOST") == null && System.getenv("CA_PATH") == null,
        "the environment overrides the file");
    ServiceConfig config = load("conf/tidb-cloud.json").await();
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
    ServiceConfig config = load(file.toString()).await();
    assertEquals(9999, config.httpPort());
    assertEquals(3, config.poolSize());
  }

  @Test
  void aFileThatIsNotJsonIsRefusedNotIgnored(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"HTTP_PORT\": 9999,");
    var error = assertThrows(InvalidConfigException.class, () -> load(file.toString()).await());
    assertTrue(error.getMessage().startsWith(file + " is not valid JSON"), error.getMessage());
  }

  @Test
  void aMissingNamedFileIsRefused() {
    var error = assertThrows(InvalidConfigException.class, () -> load("/no/such.json").await());
    assertEquals("CONFIG_FILE names no readable file: /no/such.json", error.getMessage());
  }
}
