package io.playerservice.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceConfigTest {

  @Test
  void defaultsNeedNoFileAndMeanTheEmbeddedDatabase() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject());

    assertTrue(config.embeddedDatabase());
    assertEquals(4000, config.dbPort());
    assertEquals("root", config.dbUser());
    assertEquals("test", config.dbName());
    assertEquals(8080, config.httpPort());
    assertEquals(Runtime.getRuntime().availableProcessors(), config.instances());
    assertEquals(10_000, config.httpReadTimeoutMs());
    assertEquals(60_000, config.httpIdleTimeoutMs());
    assertTrue(config.httpMaxConnections() >= 1 && config.httpMaxConnections() <= 10_000);
  }

  @Test
  void environmentStringsOverrideTheFile() {
    // The env store hands values over as strings; a password of digits must stay as written.
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
        .put("TIDB_HOST", "tidb.local").put("TIDB_PORT", "4001").put("TIDB_PASSWORD", "0123")
        .put("HTTP_PORT", "9090").put("DB_POOL_SIZE", "16").put("VERTICLE_INSTANCES", "3"));

    assertFalse(config.embeddedDatabase());
    assertEquals(4001, config.dbPort());
    assertEquals("0123", config.dbPassword());
    assertEquals(9090, config.httpPort());
    assertEquals(16, config.poolSize());
    assertEquals(3, config.instances());
  }

  @Test
  void invalidValuesFailWithAOneLineReason() {
    assertReason("TIDB_PORT must be an integer, got 'abc'", new JsonObject().put("TIDB_PORT", "abc"));
    assertReason("TIDB_PORT must be in 1..65535, got 70000", new JsonObject().put("TIDB_PORT", 70000));
    assertReason("HTTP_PORT must be in 0..65535, got -1", new JsonObject().put("HTTP_PORT", "-1"));
    assertReason("DB_POOL_SIZE must be in 1..1024, got 0", new JsonObject().put("DB_POOL_SIZE", 0));
    assertReason("DB_POOL_SIZE must be an integer, got 2.5", new JsonObject().put("DB_POOL_SIZE", 2.5));
    assertReason("REQUEST_TIMEOUT_MS must be in 100..600000, got 50",
        new JsonObject().put("REQUEST_TIMEOUT_MS", 50));
    assertReason("HTTP_IDLE_TIMEOUT_MS must exceed REQUEST_TIMEOUT_MS and HTTP_READ_TIMEOUT_MS, got 5000",
        new JsonObject().put("HTTP_IDLE_TIMEOUT_MS", 5000));
    assertReason("ADMISSION_MAX_WAIT_MS must be 0 (the default) or in 1..5000 (half of REQUEST_TIMEOUT_MS), got 6000",
        new JsonObject().put("ADMISSION_MAX_WAIT_MS", 6000));
    assertReason("HTTP_MAX_CONNECTIONS must be in 1..1000000, got -1",
        new JsonObject().put("HTTP_MAX_CONNECTIONS", -1));
    assertReason("AUTH_JWT_PUBLIC_KEY names no readable file: /nonexistent/key.pem",
        new JsonObject().put("AUTH_JWT_PUBLIC_KEY", "/nonexistent/key.pem"));
    assertReason("AUTH_JWKS_URL must be an http:// or https:// URL, got 'file:///etc/jwks.json'",
        new JsonObject().put("AUTH_JWKS_URL", "file:///etc/jwks.json"));
    assertReason("set AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL, not both", new JsonObject()
        .put("AUTH_JWT_PUBLIC_KEY", "/etc/hostname").put("AUTH_JWKS_URL", "https://issuer.example/jwks"));
    String issuerAndAudience = "AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE, or any application of"
        + " the provider could call this service";
    assertReason(issuerAndAudience, new JsonObject().put("AUTH_JWKS_URL", "https://issuer.example/jwks"));
    assertReason(issuerAndAudience, new JsonObject().put("AUTH_JWKS_URL", "https://issuer.example/jwks")
        .put("AUTH_JWT_ISSUER", "https://issuer.example/"));
    assertReason(issuerAndAudience, new JsonObject().put("AUTH_JWKS_URL", "https://issuer.example/jwks")
        .put("AUTH_JWT_AUDIENCE", "player-service"));
    assertReason("AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE need AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL: authentication"
        + " is off", new JsonObject().put("AUTH_JWT_AUDIENCE", "player-service"));
    assertReason("AUTH_JWT_ISSUER must not contain spaces, got 'https://issuer.example/ x'",
        new JsonObject().put("AUTH_JWT_ISSUER", "https://issuer.example/ x"));
    assertReason("AUTH_JWT_LEEWAY_SECONDS must be in 0..300, got 301",
        new JsonObject().put("AUTH_JWT_LEEWAY_SECONDS", 301));
    assertReason("AUTH_JWKS_REFRESH_SECONDS must be in 1..86400, got 0",
        new JsonObject().put("AUTH_JWKS_REFRESH_SECONDS", 0));
    assertReason("TIDB_USER must not be empty", new JsonObject().put("TIDB_USER", ""));
    assertReason("DB_MAX_LIFETIME_MS must be 0 (off) or in 1000..86400000, got 500",
        new JsonObject().put("DB_MAX_LIFETIME_MS", 500));
    assertReason("DB_IDLE_TIMEOUT_MS must be an integer, got '1m'", new JsonObject().put("DB_IDLE_TIMEOUT_MS", "1m"));
    assertReason("TIDB_DB_NAME must be 1 to 64 letters, digits, '_' or '$', got 'a;drop'",
        new JsonObject().put("TIDB_DB_NAME", "a;drop"));
    assertReason("CA_PATH names no readable file: /nonexistent/ca.pem",
        new JsonObject().put("CA_PATH", "/nonexistent/ca.pem"));
  }

  @Test
  void poolConnectionsAgeOutAndLockWaitsEndAtAQuarterOfTheDeadline() {
    ServiceConfig defaults = ServiceConfig.fromJson(new JsonObject());
    assertEquals(300_000, defaults.dbMaxLifetimeMs(), "5 minutes, as TiDB Cloud advises");
    assertEquals(60_000, defaults.dbIdleTimeoutMs());
    assertEquals(2, defaults.lockWaitTimeoutSeconds(), "a quarter of the 10 s deadline");
    assertEquals(1, ServiceConfig.fromJson(new JsonObject().put("REQUEST_TIMEOUT_MS", 300)).lockWaitTimeoutSeconds(),
        "never below the server's minimum of 1 s");
    ServiceConfig off = ServiceConfig.fromJson(new JsonObject().put("DB_MAX_LIFETIME_MS", "0").put("DB_IDLE_TIMEOUT_MS", 0));
    assertEquals(0, off.dbMaxLifetimeMs());
    assertEquals(off, ServiceConfig.fromJson(off.toJson()), "written back under the same names");
  }

  @Test
  void aConnectionSilentForADeadlineIsDeadButNeverOneInALockWait() {
    assertEquals(10_000, ServiceConfig.fromJson(new JsonObject()).dbSocketTimeoutMs(), "the deadline");
    assertEquals(2000, ServiceConfig.fromJson(new JsonObject().put("REQUEST_TIMEOUT_MS", 300)).dbSocketTimeoutMs(),
        "a 1 s lock wait and its 1 s check, past a short deadline");
    assertEquals(30_000, ServiceConfig.fromJson(new JsonObject().put("DB_SOCKET_TIMEOUT_MS", 30_000)).dbSocketTimeoutMs());
    assertReason("DB_SOCKET_TIMEOUT_MS must be 0 (the default) or at least 5000 (half of REQUEST_TIMEOUT_MS, or a"
        + " row-lock wait and a second when that is longer), got 4999", new JsonObject().put("DB_SOCKET_TIMEOUT_MS", 4999));
    assertReason("DB_SOCKET_TIMEOUT_MS must be 0 (the default) or at least 2000 (half of REQUEST_TIMEOUT_MS, or a"
        + " row-lock wait and a second when that is longer), got 1999", new JsonObject().put("REQUEST_TIMEOUT_MS", 2000)
        .put("DB_SOCKET_TIMEOUT_MS", 1999));
  }

  @Test
  void readsHoldAQuarterOfThePoolAndNeverAnInstancesLastConnection() {
    ServiceConfig defaults = ServiceConfig.fromJson(new JsonObject().put("VERTICLE_INSTANCES", 2));
    assertEquals(1000, defaults.countMaxAgeMs());
    assertEquals(4, defaults.connectionsPerInstance());
    assertEquals(1, defaults.readConnectionsPerInstance(), "2 of 8 over two instances: one of each one's 4");
    ServiceConfig wide = ServiceConfig.fromJson(new JsonObject().put("VERTICLE_INSTANCES", 1).put("DB_POOL_SIZE", 16)
        .put("DB_READ_CONNECTIONS", 15));
    assertEquals(15, wide.readConnectionsPerInstance());
    ServiceConfig narrow = ServiceConfig.fromJson(new JsonObject().put("VERTICLE_INSTANCES", 1).put("DB_POOL_SIZE", 4)
        .put("DB_READ_CONNECTIONS", 4));
    assertEquals(3, narrow.readConnectionsPerInstance(), "one fewer than the instance has");
    assertEquals(1, ServiceConfig.fromJson(new JsonObject().put("DB_POOL_SIZE", 1)).readConnectionsPerInstance(),
        "a single connection is shared");
    assertReason("DB_READ_CONNECTIONS must be 0 (a quarter of DB_POOL_SIZE) or at most DB_POOL_SIZE (8), got 9", new JsonObject().put("DB_READ_CONNECTIONS", 9));
    assertReason("COUNT_MAX_AGE_MS must be in 0..3600000, got -1", new JsonObject().put("COUNT_MAX_AGE_MS", -1));
  }

  @Test
  void admissionWaitsForTheDeadlineUnlessALimitIsSetAndTheBulkheadIsOn() {
    assertEquals(0, ServiceConfig.fromJson(new JsonObject()).admissionMaxWaitMs(), "no limit of its own");
    ServiceConfig set = ServiceConfig.fromJson(new JsonObject().put("ADMISSION_MAX_WAIT_MS", 2000));
    assertEquals(2000, set.admissionMaxWaitMs());
    assertTrue(ServiceConfig.fromJson(new JsonObject()).admissionBulkhead());
    assertEquals(4096, ServiceConfig.fromJson(new JsonObject()).maxWaitQueue());
    assertEquals(1366, ServiceConfig.fromJson(new JsonObject().put("VERTICLE_INSTANCES", 3)).waitQueuePerInstance(),
        "split over the instances, rounded up");
  }

  /** Each setting is read into a value of its own and written back under its own name. */
  @Test
  void eachSettingRoundTripsUnderItsOwnName() {
    Map<Setting, Object> samples = new EnumMap<>(Map.ofEntries(
        Map.entry(Setting.TIDB_HOST, "db.internal"), Map.entry(Setting.TIDB_PORT, 4001),
        Map.entry(Setting.TIDB_USER, "player"), Map.entry(Setting.TIDB_PASSWORD, "pw"),
        Map.entry(Setting.TIDB_DB_NAME, "players"), Map.entry(Setting.CA_PATH, "/etc/hostname"),
        Map.entry(Setting.EMBEDDED_DATA_DIR, "/var/lib/player-service"), Map.entry(Setting.HTTP_PORT, 8081),
        Map.entry(Setting.DB_POOL_SIZE, 12), Map.entry(Setting.DB_MAX_WAIT_QUEUE, 100),
        Map.entry(Setting.ADMISSION_MAX_WAIT_MS, 500), Map.entry(Setting.ADMISSION_BULKHEAD, false),
        Map.entry(Setting.REQUEST_TIMEOUT_MS, 9000),
        Map.entry(Setting.VERTICLE_INSTANCES, 1023), Map.entry(Setting.HTTP_ENABLED, false),
        Map.entry(Setting.BUS_ADDRESS_PREFIX, "ps."), Map.entry(Setting.TRADE_MAX_ATTEMPTS, 7),
        Map.entry(Setting.DB_MAX_LIFETIME_MS, 200_000), Map.entry(Setting.DB_IDLE_TIMEOUT_MS, 50_000),
        Map.entry(Setting.DB_SOCKET_TIMEOUT_MS, 20_000),
        Map.entry(Setting.HTTP_READ_TIMEOUT_MS, 8000), Map.entry(Setting.HTTP_IDLE_TIMEOUT_MS, 70_000),
        Map.entry(Setting.HTTP_MAX_CONNECTIONS, 99), Map.entry(Setting.AUTH_JWT_PUBLIC_KEY, "/etc/hostname"),
        Map.entry(Setting.AUTH_JWKS_URL, "https://issuer.example/jwks"),
        Map.entry(Setting.AUTH_JWT_ISSUER, "https://issuer.example/"), Map.entry(Setting.AUTH_JWT_AUDIENCE, "players"),
        Map.entry(Setting.AUTH_JWT_LEEWAY_SECONDS, 5), Map.entry(Setting.AUTH_JWKS_REFRESH_SECONDS, 60),
        Map.entry(Setting.IDEMPOTENCY_KEY_TTL, "PT48H"),
        Map.entry(Setting.DB_MIGRATE, false), Map.entry(Setting.COUNT_MAX_AGE_MS, 2000),
        Map.entry(Setting.DB_READ_CONNECTIONS, 5), Map.entry(Setting.FEED_POLL_MS, 250),
        Map.entry(Setting.FEED_MAX_SUBSCRIBERS, 40)));
    assertEquals(Setting.values().length, samples.size(), "a sample for every setting");
    // The settings some need beside them, at values that are not their defaults either.
    JsonObject withAKey = new JsonObject().put("AUTH_JWT_PUBLIC_KEY", "/etc/hostname");
    JsonObject withIssuerAndAudience = new JsonObject().put("AUTH_JWT_ISSUER", "https://idp.example/")
        .put("AUTH_JWT_AUDIENCE", "player-service");
    Map<Setting, JsonObject> companions = Map.of(Setting.AUTH_JWKS_URL, withIssuerAndAudience,
        Setting.AUTH_JWT_ISSUER, withAKey, Setting.AUTH_JWT_AUDIENCE, withAKey);
    JsonObject defaults = ServiceConfig.fromJson(new JsonObject()).toJson();
    samples.forEach((setting, sample) -> {
      JsonObject given = companions.getOrDefault(setting, new JsonObject()).copy().put(setting.name(), sample);
      JsonObject written = ServiceConfig.fromJson(given.copy()).toJson();
      for (String name : defaults.fieldNames()) {
        assertEquals(given.containsKey(name) ? given.getValue(name) : defaults.getValue(name), written.getValue(name),
            name + " after setting " + setting);
      }
    });
  }

  @Test
  void thePasswordNeverAppearsInTextOutput() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
        .put("TIDB_HOST", "h").put("TIDB_PASSWORD", "s3cr3t-value"));

    assertFalse(config.toString().contains("s3cr3t-value"));
    assertFalse(config.databaseTarget().contains("s3cr3t-value"));
  }

  private static void assertReason(String reason, JsonObject json) {
    var error = assertThrows(InvalidConfigException.class, () -> ServiceConfig.fromJson(json));
    assertEquals(reason, error.getMessage());
    assertEquals(1, error.getMessage().lines().count());
  }
}
