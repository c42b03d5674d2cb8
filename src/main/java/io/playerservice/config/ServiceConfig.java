package io.playerservice.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The service's settings as given, one typed component per {@link Setting} in its order, checked
 * once at start: each setting's own range as it is read, the rules between settings here. What
 * the service derives from them (the per-instance shares, TLS, ...) is in
 * {@link #connectionsPerInstance()} and the methods after it.
 *
 * <p>{@code dbSocketTimeoutMsAsSet}, {@code dbReadConnectionsAsSet} and {@code feedMaxSubscribersAsSet}
 * keep 0 for "the default", so that a config written back and changed stays on the default.
 */
public record ServiceConfig(
    String dbHost,
    int dbPort,
    String dbUser,
    String dbPassword,
    String dbName,
    String caPath,
    String embeddedDataDir,
    int httpPort,
    int poolSize,
    int maxWaitQueue,
    int admissionMaxWaitMs,
    boolean admissionBulkhead,
    int requestTimeoutMs,
    int instances,
    boolean httpEnabled,
    String busPrefix,
    int tradeMaxAttempts,
    int dbMaxLifetimeMs,
    int dbIdleTimeoutMs,
    int dbSocketTimeoutMsAsSet,
    int httpReadTimeoutMs,
    int httpIdleTimeoutMs,
    int httpMaxConnections,
    String authJwtPublicKey,
    String authJwksUrl,
    String authJwtIssuer,
    String authJwtAudience,
    int authJwtLeewaySeconds,
    int authJwksRefreshSeconds,
    Duration idempotencyKeyTtl,
    boolean dbMigrate,
    int countMaxAgeMs,
    int dbReadConnectionsAsSet,
    int feedPollMs,
    int feedMaxSubscribersAsSet) {

  /** The names read from the environment; anything else there is ignored. */
  public static final List<String> KEYS = Arrays.stream(Setting.values()).map(Setting::name).toList();

  /** The value of {@code EMBEDDED_DATA_DIR} that asks for throwaway data, deleted on exit. */
  public static final String THROWAWAY_DATA = ":temp:";

  /**
   * How late a lock wait's 1205 may come after innodb_lock_wait_timeout: MySQL's InnoDB looks for
   * expired waits once a second.
   */
  private static final int LOCK_WAIT_CHECK_MS = 1000;

  /** Checks the rules that tie settings together; each setting's own range is checked as it is read. */
  public ServiceConfig {
    // A waiter must leave most of its deadline to the database.
    if (admissionMaxWaitMs != 0 && (admissionMaxWaitMs < 1 || admissionMaxWaitMs > requestTimeoutMs / 2)) {
      throw new InvalidConfigException("ADMISSION_MAX_WAIT_MS must be 0 (the default) or in 1.."
          + requestTimeoutMs / 2 + " (half of REQUEST_TIMEOUT_MS), got " + admissionMaxWaitMs);
    }
    // Vert.x closes a connection idle that long even with a request in flight, so a request
    // waiting for the database, or a client still sending, must meet its own deadline first.
    if (httpIdleTimeoutMs <= Math.max(requestTimeoutMs, httpReadTimeoutMs)) {
      throw new InvalidConfigException("HTTP_IDLE_TIMEOUT_MS must exceed REQUEST_TIMEOUT_MS and"
          + " HTTP_READ_TIMEOUT_MS, got " + httpIdleTimeoutMs);
    }
    if (!authJwtPublicKey.isEmpty() && !authJwksUrl.isEmpty()) {
      throw new InvalidConfigException("set AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL, not both");
    }
    // A provider signs the tokens of all its applications alike: issuer and audience tell ours apart.
    if (!authJwksUrl.isEmpty() && (authJwtIssuer.isEmpty() || authJwtAudience.isEmpty())) {
      throw new InvalidConfigException("AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE, or any"
          + " application of the provider could call this service");
    }
    // Set alone they would look like a check that is not made.
    if (authJwtPublicKey.isEmpty() && authJwksUrl.isEmpty() && !(authJwtIssuer + authJwtAudience).isEmpty()) {
      throw new InvalidConfigException("AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE need AUTH_JWT_PUBLIC_KEY or"
          + " AUTH_JWKS_URL: authentication is off");
    }
    // Read only by the embedded database: with TIDB_HOST set, a user without a home directory
    // (user.home is then "?", so the default is relative) must still be able to start.
    if (dbHost.isEmpty() && !THROWAWAY_DATA.equals(embeddedDataDir) && !Path.of(embeddedDataDir).isAbsolute()) {
      throw new InvalidConfigException("EMBEDDED_DATA_DIR must be an absolute path or " + THROWAWAY_DATA
          + ", got '" + embeddedDataDir + "'");
    }
    // A live statement may be silent for a whole row-lock wait, and a request that waits for a new
    // connection must give up (503, nothing sent) before the connection is closed under it.
    int leastSocketTimeoutMs = Math.max(longestLockWaitMs(requestTimeoutMs), requestTimeoutMs / 2);
    if (dbSocketTimeoutMsAsSet != 0 && dbSocketTimeoutMsAsSet < leastSocketTimeoutMs) {
      throw new InvalidConfigException("DB_SOCKET_TIMEOUT_MS must be 0 (the default) or at least "
          + leastSocketTimeoutMs + " (half of REQUEST_TIMEOUT_MS, or a row-lock wait and a second when that is"
          + " longer), got " + dbSocketTimeoutMsAsSet);
    }
    if (dbReadConnectionsAsSet > poolSize) {
      throw new InvalidConfigException("DB_READ_CONNECTIONS must be 0 (a quarter of DB_POOL_SIZE) or at most"
          + " DB_POOL_SIZE (" + poolSize + "), got " + dbReadConnectionsAsSet);
    }
  }

  /**
   * Builds the config from merged JSON (file, environment and flags, by name), over the defaults.
   *
   * @throws InvalidConfigException with a one-line reason when a value is unusable
   */
  public static ServiceConfig fromJson(JsonObject json) {
    return SettingValues.read(json);
  }

  /** The settings under their names, as {@link #fromJson} reads them back. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (Setting setting : Setting.values()) {
      json.put(setting.name(), setting.type.toJson(SettingValues.of(this, setting)));
    }
    return json;
  }

  /** The same config pointed at another database, as used for the embedded one. */
  public ServiceConfig withDatabase(String host, int port, String user, String password) {
    return fromJson(toJson().put(Setting.TIDB_HOST.name(), host).put(Setting.TIDB_PORT.name(), port)
        .put(Setting.TIDB_USER.name(), user).put(Setting.TIDB_PASSWORD.name(), password));
  }

  /** The same config on another HTTP port. */
  public ServiceConfig withHttpPort(int port) {
    return fromJson(toJson().put(Setting.HTTP_PORT.name(), port));
  }

  /** The connections of one verticle instance's own pool: DB_POOL_SIZE split over the instances. */
  public int connectionsPerInstance() {
    return perInstance(poolSize);
  }

  /** The requests that may wait in one verticle instance: DB_MAX_WAIT_QUEUE split over the instances. */
  public int waitQueuePerInstance() {
    return perInstance(maxWaitQueue);
  }

  /**
   * How many of one verticle instance's connections the expensive reads (list pages, the ledger's
   * listings, the count) may hold at once: DB_READ_CONNECTIONS, or by default a quarter of
   * DB_POOL_SIZE, split over the instances. At least one, so reads are served, and one fewer than
   * the instance has, so trades and writes always find a connection; an instance with a single
   * connection cannot keep one back, and shares it.
   */
  public int readConnectionsPerInstance() {
    int reads = dbReadConnectionsAsSet != 0 ? dbReadConnectionsAsSet : Math.max(1, poolSize / 4);
    return Math.max(1, Math.min(perInstance(reads), connectionsPerInstance() - 1));
  }

  /**
   * The live feed's streams one node may hold: FEED_MAX_SUBSCRIBERS, or by default half of
   * HTTP_MAX_CONNECTIONS (each stream is a connection), so requests always find the other half.
   */
  public int feedMaxSubscribers() {
    return feedMaxSubscribersAsSet != 0 ? feedMaxSubscribersAsSet : Math.max(1, httpMaxConnections / 2);
  }

  /**
   * A deployment-wide total split over the verticle instances, rounded up: each instance has a
   * pool and a queue of its own, and together they must not have fewer than the total.
   */
  private int perInstance(int total) {
    return (total + instances - 1) / instances;
  }

  /**
   * Seconds a statement may wait for a row lock ({@code innodb_lock_wait_timeout}, whole seconds,
   * at least 1): a quarter of the request's deadline. A request may wait half its deadline for a
   * connection, then this long for a lock, and still has a quarter left to get 1205 back and
   * answer 503 (nothing changed) before the deadline's 504 (outcome unknown).
   */
  public int lockWaitTimeoutSeconds() {
    return lockWaitTimeoutSeconds(requestTimeoutMs);
  }

  private static int lockWaitTimeoutSeconds(int requestTimeoutMs) {
    return Math.max(1, requestTimeoutMs / 4 / 1000);
  }

  /** The longest a live statement stays silent: a row-lock wait, and the server's check that ends it. */
  private static int longestLockWaitMs(int requestTimeoutMs) {
    return lockWaitTimeoutSeconds(requestTimeoutMs) * 1000 + LOCK_WAIT_CHECK_MS;
  }

  /**
   * How long a database connection may be silent, nothing sent or received, before the service
   * closes it as dead: DB_SOCKET_TIMEOUT_MS, or by default a request's deadline, since no request
   * waits longer for an answer, or the longest lock wait when that is longer.
   */
  public int dbSocketTimeoutMs() {
    return dbSocketTimeoutMsAsSet != 0 ? dbSocketTimeoutMsAsSet
        : Math.max(requestTimeoutMs, longestLockWaitMs(requestTimeoutMs));
  }

  /** True when requests must carry a bearer token (a public key or a JWKS URL is set). */
  public boolean authentication() {
    return !authJwtPublicKey.isEmpty() || !authJwksUrl.isEmpty();
  }

  /** True when no database is configured and the embedded MariaDB should serve. */
  public boolean embeddedDatabase() {
    return dbHost.isEmpty();
  }

  /** True when the embedded MariaDB should use throwaway data ({@code EMBEDDED_DATA_DIR=:temp:}). */
  public boolean throwawayEmbeddedData() {
    return THROWAWAY_DATA.equals(embeddedDataDir);
  }

  /**
   * Whether the database connection uses TLS: when a CA is given, and always for TiDB Cloud
   * ({@code *.tidbcloud.com}), which refuses anything else.
   */
  public boolean tls() {
    String host = dbHost.toLowerCase(Locale.ROOT);
    return !caPath.isEmpty() || host.endsWith(".tidbcloud.com") || host.equals("tidbcloud.com");
  }

  /** Where the service points, for logs: never the password. */
  public String databaseTarget() {
    return "mysql://" + dbUser + "@" + dbHost + ":" + dbPort + "/" + dbName
        + (!tls() ? "" : caPath.isEmpty() ? " (TLS, system trust store)" : " (TLS, CA " + caPath + ")");
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
    return Arrays.stream(Setting.values()).map(setting -> {
      Object value = SettingValues.of(this, setting);
      return setting.name() + "=" + (setting.secret() && !"".equals(value) ? "(secret)" : value);
    }).toList();
  }
}
