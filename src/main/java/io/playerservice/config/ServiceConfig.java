package io.playerservice.config;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.playerservice.config.Setting.ADMISSION_MAX_WAIT_MS;
import static io.playerservice.config.Setting.AUTH_JWKS_URL;
import static io.playerservice.config.Setting.AUTH_JWT_PUBLIC_KEY;
import static io.playerservice.config.Setting.BUS_ADDRESS_PREFIX;
import static io.playerservice.config.Setting.CA_PATH;
import static io.playerservice.config.Setting.DB_IDLE_TIMEOUT_MS;
import static io.playerservice.config.Setting.DB_MAX_LIFETIME_MS;
import static io.playerservice.config.Setting.DB_MAX_WAIT_QUEUE;
import static io.playerservice.config.Setting.DB_POOL_SIZE;
import static io.playerservice.config.Setting.EMBEDDED_DATA_DIR;
import static io.playerservice.config.Setting.HTTP_ENABLED;
import static io.playerservice.config.Setting.HTTP_IDLE_TIMEOUT_MS;
import static io.playerservice.config.Setting.HTTP_MAX_CONNECTIONS;
import static io.playerservice.config.Setting.HTTP_PORT;
import static io.playerservice.config.Setting.HTTP_READ_TIMEOUT_MS;
import static io.playerservice.config.Setting.COUNT_MAX_AGE_MS;
import static io.playerservice.config.Setting.DB_MIGRATE;
import static io.playerservice.config.Setting.DB_READ_CONNECTIONS;
import static io.playerservice.config.Setting.IDEMPOTENCY_KEY_TTL;
import static io.playerservice.config.Setting.REQUEST_TIMEOUT_MS;
import static io.playerservice.config.Setting.TIDB_DB_NAME;
import static io.playerservice.config.Setting.TIDB_HOST;
import static io.playerservice.config.Setting.TIDB_PASSWORD;
import static io.playerservice.config.Setting.TIDB_PORT;
import static io.playerservice.config.Setting.TIDB_USER;
import static io.playerservice.config.Setting.TRADE_MAX_ATTEMPTS;
import static io.playerservice.config.Setting.VERTICLE_INSTANCES;

/**
 * The service's settings, validated once at start. Each is declared in {@link Setting}; this
 * class holds their values, the rules that tie several together, and a typed accessor each.
 */
public final class ServiceConfig {
  /** The names read from the environment; anything else there is ignored. */
  public static final List<String> KEYS = Arrays.stream(Setting.values()).map(Setting::name).toList();

  /** The value of {@code EMBEDDED_DATA_DIR} that asks for throwaway data, deleted on exit. */
  public static final String THROWAWAY_DATA = ":temp:";

  /** The longest wait for admission, when REQUEST_TIMEOUT_MS leaves room for it (see Admission). */
  private static final int DEFAULT_MAX_WAIT_MS = 1000;

  private final Map<Setting, Object> values;

  private ServiceConfig(Map<Setting, Object> values) {
    this.values = values;
    checkAcrossSettings();
  }

  /**
   * Builds the config from merged JSON (file, environment and flags, by name), over the defaults.
   *
   * @throws InvalidConfigException with a one-line reason when a value is unusable
   */
  public static ServiceConfig fromJson(JsonObject json) {
    Map<Setting, Object> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String name = setting.name();
      values.put(setting, setting.type.read(name, json.containsKey(name) ? json.getValue(name) : setting.type.fallback));
    }
    return new ServiceConfig(values);
  }

  /** The rules between settings; each setting's own range is checked as it is read. */
  private void checkAcrossSettings() {
    // A waiter must leave most of its deadline to the database.
    int admissionMaxWait = admissionMaxWait();
    if (admissionMaxWait != 0 && (admissionMaxWait < 1 || admissionMaxWait > requestTimeoutMs() / 2)) {
      throw new InvalidConfigException("ADMISSION_MAX_WAIT_MS must be 0 (the default) or in 1.."
          + requestTimeoutMs() / 2 + " (half of REQUEST_TIMEOUT_MS), got " + admissionMaxWait);
    }
    // Vert.x closes a connection idle that long even with a request in flight, so a request
    // waiting for the database, or a client still sending, must meet its own deadline first.
    if (httpIdleTimeoutMs() <= Math.max(requestTimeoutMs(), httpReadTimeoutMs())) {
      throw new InvalidConfigException("HTTP_IDLE_TIMEOUT_MS must exceed REQUEST_TIMEOUT_MS and"
          + " HTTP_READ_TIMEOUT_MS, got " + httpIdleTimeoutMs());
    }
    if (!authJwtPublicKey().isEmpty() && !authJwksUrl().isEmpty()) {
      throw new InvalidConfigException("set AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL, not both");
    }
    if (dbReadConnections() > poolSize()) {
      throw new InvalidConfigException("DB_READ_CONNECTIONS must be 0 (a quarter of DB_POOL_SIZE) or at most"
          + " DB_POOL_SIZE (" + poolSize() + "), got " + dbReadConnections());
    }
  }

  /** The settings under their names, as {@link #fromJson} reads them back. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    values.forEach((setting, value) -> json.put(setting.name(), setting.type.toJson(value)));
    return json;
  }

  public String dbHost() {
    return (String) values.get(TIDB_HOST);
  }

  public int dbPort() {
    return (Integer) values.get(TIDB_PORT);
  }

  public String dbUser() {
    return (String) values.get(TIDB_USER);
  }

  public String dbPassword() {
    return (String) values.get(TIDB_PASSWORD);
  }

  public String dbName() {
    return (String) values.get(TIDB_DB_NAME);
  }

  public String caPath() {
    return (String) values.get(CA_PATH);
  }

  public String embeddedDataDir() {
    return (String) values.get(EMBEDDED_DATA_DIR);
  }

  public int httpPort() {
    return (Integer) values.get(HTTP_PORT);
  }

  public int poolSize() {
    return (Integer) values.get(DB_POOL_SIZE);
  }

  /** API verticle instances; one per core when set to 0. */
  public int instances() {
    return (Integer) values.get(VERTICLE_INSTANCES);
  }

  public int tradeMaxAttempts() {
    return (Integer) values.get(TRADE_MAX_ATTEMPTS);
  }

  public boolean httpEnabled() {
    return (Boolean) values.get(HTTP_ENABLED);
  }

  public String busPrefix() {
    return (String) values.get(BUS_ADDRESS_PREFIX);
  }

  public int maxWaitQueue() {
    return (Integer) values.get(DB_MAX_WAIT_QUEUE);
  }

  public int requestTimeoutMs() {
    return (Integer) values.get(REQUEST_TIMEOUT_MS);
  }

  /** ADMISSION_MAX_WAIT_MS as set, 0 for the default; {@link #admissionMaxWaitMs()} is the wait. */
  public int admissionMaxWait() {
    return (Integer) values.get(ADMISSION_MAX_WAIT_MS);
  }

  public Duration idempotencyKeyTtl() {
    return (Duration) values.get(IDEMPOTENCY_KEY_TTL);
  }

  public int dbMaxLifetimeMs() {
    return (Integer) values.get(DB_MAX_LIFETIME_MS);
  }

  public int dbIdleTimeoutMs() {
    return (Integer) values.get(DB_IDLE_TIMEOUT_MS);
  }

  public int httpReadTimeoutMs() {
    return (Integer) values.get(HTTP_READ_TIMEOUT_MS);
  }

  public int httpIdleTimeoutMs() {
    return (Integer) values.get(HTTP_IDLE_TIMEOUT_MS);
  }

  /** Open HTTP connections allowed; from the open-file limit when set to 0. */
  public int httpMaxConnections() {
    return (Integer) values.get(HTTP_MAX_CONNECTIONS);
  }

  public String authJwtPublicKey() {
    return (String) values.get(AUTH_JWT_PUBLIC_KEY);
  }

  public String authJwksUrl() {
    return (String) values.get(AUTH_JWKS_URL);
  }

  public boolean dbMigrate() {
    return (Boolean) values.get(DB_MIGRATE);
  }

  public int countMaxAgeMs() {
    return (Integer) values.get(COUNT_MAX_AGE_MS);
  }

  /** DB_READ_CONNECTIONS as set, 0 for the default; {@link #dbReadPlaces} is the share. */
  public int dbReadConnections() {
    return (Integer) values.get(DB_READ_CONNECTIONS);
  }

  /**
   * How many of one verticle instance's {@code connections} the expensive reads (list pages, the
   * ledger's listings, the count) may hold at once: DB_READ_CONNECTIONS, or by default a quarter
   * of DB_POOL_SIZE, split over the instances like the pool. At least one, so reads are served,
   * and one fewer than the instance has, so trades and writes always find a connection; an
   * instance with a single connection cannot keep one back, and shares it.
   */
  public int dbReadPlaces(int connections) {
    int reads = dbReadConnections() != 0 ? dbReadConnections() : Math.max(1, poolSize() / 4);
    int share = (reads + instances() - 1) / instances();
    return Math.max(1, Math.min(share, connections - 1));
  }

  /**
   * The longest a request waits for admission before it is shed: ADMISSION_MAX_WAIT_MS, or by
   * default 1 s, or a quarter of REQUEST_TIMEOUT_MS when that is shorter.
   */
  public int admissionMaxWaitMs() {
    int set = admissionMaxWait();
    return set != 0 ? set : Math.min(DEFAULT_MAX_WAIT_MS, requestTimeoutMs() / 4);
  }

  /**
   * Seconds a statement may wait for a row lock ({@code innodb_lock_wait_timeout}, whole seconds,
   * at least 1): a quarter of the request's deadline. A request may wait half its deadline for a
   * connection, then this long for a lock, and still has a quarter left to get 1205 back and
   * answer 503 (nothing changed) before the deadline's 504 (outcome unknown).
   */
  public int lockWaitTimeoutSeconds() {
    return Math.max(1, requestTimeoutMs() / 4 / 1000);
  }

  /** True when requests must carry a bearer token (a public key or a JWKS URL is set). */
  public boolean authentication() {
    return !authJwtPublicKey().isEmpty() || !authJwksUrl().isEmpty();
  }

  /** True when no database is configured and the embedded MariaDB should serve. */
  public boolean embeddedDatabase() {
    return dbHost().isEmpty();
  }

  /** True when the embedded MariaDB should use throwaway data ({@code EMBEDDED_DATA_DIR=:temp:}). */
  public boolean throwawayEmbeddedData() {
    return THROWAWAY_DATA.equals(embeddedDataDir());
  }

  /** The same config pointed at another database, as used for the embedded one. */
  public ServiceConfig withDatabase(String host, int port, String user, String password) {
    return fromJson(toJson().put(TIDB_HOST.name(), host).put(TIDB_PORT.name(), port)
        .put(TIDB_USER.name(), user).put(TIDB_PASSWORD.name(), password));
  }

  /** The same config on another HTTP port. */
  public ServiceConfig withHttpPort(int port) {
    return fromJson(toJson().put(HTTP_PORT.name(), port));
  }

  /** Where the service points, for logs: never the password. */
  public String databaseTarget() {
    return "mysql://" + dbUser() + "@" + dbHost() + ":" + dbPort() + "/" + dbName()
        + (!tls() ? "" : caPath().isEmpty() ? " (TLS, system trust store)" : " (TLS, CA " + caPath() + ")");
  }

  /**
   * Whether the database connection uses TLS: when a CA is given, and always for TiDB Cloud
   * ({@code *.tidbcloud.com}), which refuses anything else.
   */
  public boolean tls() {
    String host = dbHost().toLowerCase(Locale.ROOT);
    return !caPath().isEmpty() || host.endsWith(".tidbcloud.com") || host.equals("tidbcloud.com");
  }

  /** Every setting as {@code NAME=value}, one a line, secrets redacted: what {@code settings} prints. */
  public String describe() {
    return String.join("\n", entries());
  }

  /** Every setting, secrets redacted, so that logs and exception messages never show a password. */
  @Override
  public String toString() {
    return "ServiceConfig[" + String.join(", ", entries()) + "]";
  }

  private List<String> entries() {
    return values.entrySet().stream()
        .map(e -> e.getKey().name() + "=" + (e.getKey().secret() && !"".equals(e.getValue()) ? "(secret)" : e.getValue()))
        .toList();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServiceConfig config && values.equals(config.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
