package io.playerservice.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's settings, validated once at start.
 *
 * <p>Every setting has one name, the environment variable PingCAP's samples use, and the same
 * name is the key in {@code conf/config.json}. Defaults live here, so the file is optional.
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
    int instances,
    int tradeMaxAttempts,
    boolean httpEnabled,
    String busPrefix,
    int maxWaitQueue,
    int requestTimeoutMs,
    int admissionMaxWait,
    Duration idempotencyKeyTtl,
    int dbMaxLifetimeMs,
    int dbIdleTimeoutMs,
    int httpReadTimeoutMs,
    int httpIdleTimeoutMs,
    int httpMaxConnections,
    String authJwtPublicKey,
    String authJwksUrl,
    int countMaxAgeMs,
    int dbReadConnections) {

  /** The keys read from the environment; anything else there is ignored. */
  public static final List<String> KEYS = List.of(
      "TIDB_HOST", "TIDB_PORT", "TIDB_USER", "TIDB_PASSWORD", "TIDB_DB_NAME", "CA_PATH",
      "EMBEDDED_DATA_DIR",
      "HTTP_PORT", "DB_POOL_SIZE", "VERTICLE_INSTANCES", "TRADE_MAX_ATTEMPTS",
      "HTTP_ENABLED", "BUS_ADDRESS_PREFIX", "DB_MAX_WAIT_QUEUE", "REQUEST_TIMEOUT_MS",
      "ADMISSION_MAX_WAIT_MS", "IDEMPOTENCY_KEY_TTL", "DB_MAX_LIFETIME_MS", "DB_IDLE_TIMEOUT_MS", "HTTP_READ_TIMEOUT_MS",
      "HTTP_IDLE_TIMEOUT_MS", "HTTP_MAX_CONNECTIONS", "AUTH_JWT_PUBLIC_KEY", "AUTH_JWKS_URL",
      "COUNT_MAX_AGE_MS", "DB_READ_CONNECTIONS");

  /** The value of {@code EMBEDDED_DATA_DIR} that asks for throwaway data, deleted on exit. */
  public static final String THROWAWAY_DATA = ":temp:";

  private static final JsonObject DEFAULTS = new JsonObject()
      .put("TIDB_HOST", "")
      .put("TIDB_PORT", 4000)
      .put("TIDB_USER", "root")
      .put("TIDB_PASSWORD", "")
      .put("TIDB_DB_NAME", "test")
      .put("CA_PATH", "")
      .put("EMBEDDED_DATA_DIR", defaultEmbeddedDataDir())
      .put("HTTP_PORT", 8080)
      .put("DB_POOL_SIZE", 8)
      .put("VERTICLE_INSTANCES", 0)
      .put("TRADE_MAX_ATTEMPTS", 10)
      .put("HTTP_ENABLED", true)
      .put("BUS_ADDRESS_PREFIX", "")
      // Requests waiting for admission, a bound on memory only: waiters are shed by time
      // (ADMISSION_MAX_WAIT_MS), and a request refused by count comes back at once.
      .put("DB_MAX_WAIT_QUEUE", 4096)
      .put("REQUEST_TIMEOUT_MS", 10_000)
      // 0: 1 s, or a quarter of REQUEST_TIMEOUT_MS when that is shorter.
      .put("ADMISSION_MAX_WAIT_MS", 0)
      .put("IDEMPOTENCY_KEY_TTL", "24h")
      // TiDB Cloud's advice behind its proxies, which drop connections they think idle or old.
      .put("DB_MAX_LIFETIME_MS", 300_000)
      // Below the idle cut-off of any proxy or NAT on the way, so the pool closes idle
      // connections itself before something else kills them silently.
      .put("DB_IDLE_TIMEOUT_MS", 60_000)
      .put("HTTP_READ_TIMEOUT_MS", 10_000)
      .put("HTTP_IDLE_TIMEOUT_MS", 60_000)
      .put("HTTP_MAX_CONNECTIONS", 0)
      .put("AUTH_JWT_PUBLIC_KEY", "")
      .put("AUTH_JWKS_URL", "")
      // How old a player count may be: one COUNT a second at most, however many ask.
      .put("COUNT_MAX_AGE_MS", 1000)
      // 0: a quarter of DB_POOL_SIZE (see dbReadPlaces).
      .put("DB_READ_CONNECTIONS", 0);
  /** The longest wait for admission, when REQUEST_TIMEOUT_MS leaves room for it (see Admission). */
  private static final int DEFAULT_MAX_WAIT_MS = 1000;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  private static final Duration MIN_KEY_TTL = Duration.ofSeconds(1);
  private static final Duration MAX_KEY_TTL = Duration.ofDays(365);

  public ServiceConfig {
    requireRange("TIDB_PORT", dbPort, 1, 65535);
    requireRange("HTTP_PORT", httpPort, 0, 65535);
    requireRange("DB_POOL_SIZE", poolSize, 1, 1024);
    requireRange("VERTICLE_INSTANCES", instances, 1, 1024);
    requireRange("TRADE_MAX_ATTEMPTS", tradeMaxAttempts, 1, 100);
    requireRange("DB_MAX_WAIT_QUEUE", maxWaitQueue, 0, 1_000_000);
    requireRange("REQUEST_TIMEOUT_MS", requestTimeoutMs, 100, 600_000);
    // A waiter must leave most of its deadline to the database.
    if (admissionMaxWait != 0 && (admissionMaxWait < 1 || admissionMaxWait > requestTimeoutMs / 2)) {
      throw new InvalidConfigException("ADMISSION_MAX_WAIT_MS must be 0 (the default) or in 1.."
          + requestTimeoutMs / 2 + " (half of REQUEST_TIMEOUT_MS), got " + admissionMaxWait);
    }
    // 0 turns either off; otherwise at least a second, or the pool would reconnect all the time.
    requireOffOrRange("DB_MAX_LIFETIME_MS", dbMaxLifetimeMs, 1000, 86_400_000);
    requireOffOrRange("DB_IDLE_TIMEOUT_MS", dbIdleTimeoutMs, 1000, 86_400_000);
    requireRange("HTTP_READ_TIMEOUT_MS", httpReadTimeoutMs, 100, 600_000);
    requireRange("HTTP_IDLE_TIMEOUT_MS", httpIdleTimeoutMs, 1000, 3_600_000);
    requireRange("HTTP_MAX_CONNECTIONS", httpMaxConnections, 1, 1_000_000);
    // Vert.x closes a connection idle that long even with a request in flight, so a request
    // waiting for the database, or a client still sending, must meet its own deadline first.
    if (httpIdleTimeoutMs <= Math.max(requestTimeoutMs, httpReadTimeoutMs)) {
      throw new InvalidConfigException("HTTP_IDLE_TIMEOUT_MS must exceed REQUEST_TIMEOUT_MS and"
          + " HTTP_READ_TIMEOUT_MS, got " + httpIdleTimeoutMs);
    }
    if (idempotencyKeyTtl.compareTo(MIN_KEY_TTL) < 0 || idempotencyKeyTtl.compareTo(MAX_KEY_TTL) > 0) {
      throw new InvalidConfigException("IDEMPOTENCY_KEY_TTL must be from 1s to 365d, got " + idempotencyKeyTtl);
    }
    if (!busPrefix.matches("[A-Za-z0-9_.-]*")) {
      throw new InvalidConfigException(
          "BUS_ADDRESS_PREFIX may hold only letters, digits, '.', '_' and '-', got '" + busPrefix + "'");
    }
    if (dbUser.isEmpty()) {
      throw new InvalidConfigException("TIDB_USER must not be empty");
    }
    if (!dbName.matches("[A-Za-z0-9_$]{1,64}")) {
      throw new InvalidConfigException(
          "TIDB_DB_NAME must be 1 to 64 letters, digits, '_' or '$', got '" + dbName + "'");
    }
    if (!caPath.isEmpty() && !Files.isReadable(Path.of(caPath))) {
      throw new InvalidConfigException("CA_PATH names no readable file: " + caPath);
    }
    if (!authJwtPublicKey.isEmpty() && !authJwksUrl.isEmpty()) {
      throw new InvalidConfigException("set AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL, not both");
    }
    if (!authJwtPublicKey.isEmpty() && !Files.isReadable(Path.of(authJwtPublicKey))) {
      throw new InvalidConfigException("AUTH_JWT_PUBLIC_KEY names no readable file: " + authJwtPublicKey);
    }
    if (!authJwksUrl.isEmpty() && !authJwksUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new InvalidConfigException("AUTH_JWKS_URL must be an http:// or https:// URL, got '" + authJwksUrl + "'");
    }
    requireRange("COUNT_MAX_AGE_MS", countMaxAgeMs, 0, 3_600_000);
    requireRange("DB_READ_CONNECTIONS", dbReadConnections, 0, poolSize);
    if (!THROWAWAY_DATA.equals(embeddedDataDir) && !Path.of(embeddedDataDir).isAbsolute()) {
      throw new InvalidConfigException("EMBEDDED_DATA_DIR must be an absolute path or "
          + THROWAWAY_DATA + ", got '" + embeddedDataDir + "'");
    }
  }

  /**
   * Builds the config from merged JSON (file, then environment), over the defaults in code.
   *
   * @throws InvalidConfigException with a one-line reason when a value is unusable
   */
  public static ServiceConfig fromJson(JsonObject json) {
    JsonObject merged = DEFAULTS.copy().mergeIn(json);
    int instances = integer(merged, "VERTICLE_INSTANCES");
    int maxConnections = integer(merged, "HTTP_MAX_CONNECTIONS");
    return new ServiceConfig(
        text(merged, "TIDB_HOST").trim(),
        integer(merged, "TIDB_PORT"),
        text(merged, "TIDB_USER"),
        text(merged, "TIDB_PASSWORD"),
        text(merged, "TIDB_DB_NAME"),
        text(merged, "CA_PATH").trim(),
        expandHome(text(merged, "EMBEDDED_DATA_DIR").trim()),
        integer(merged, "HTTP_PORT"),
        integer(merged, "DB_POOL_SIZE"),
        instances == 0 ? Runtime.getRuntime().availableProcessors() : instances,
        integer(merged, "TRADE_MAX_ATTEMPTS"),
        bool(merged, "HTTP_ENABLED"),
        text(merged, "BUS_ADDRESS_PREFIX").trim(),
        integer(merged, "DB_MAX_WAIT_QUEUE"),
        integer(merged, "REQUEST_TIMEOUT_MS"),
        integer(merged, "ADMISSION_MAX_WAIT_MS"),
        duration(merged, "IDEMPOTENCY_KEY_TTL"),
        integer(merged, "DB_MAX_LIFETIME_MS"),
        integer(merged, "DB_IDLE_TIMEOUT_MS"),
        integer(merged, "HTTP_READ_TIMEOUT_MS"),
        integer(merged, "HTTP_IDLE_TIMEOUT_MS"),
        maxConnections == 0 ? MachineLimits.defaultMaxConnections() : maxConnections,
        text(merged, "AUTH_JWT_PUBLIC_KEY").trim(),
        text(merged, "AUTH_JWKS_URL").trim(),
        integer(merged, "COUNT_MAX_AGE_MS"),
        integer(merged, "DB_READ_CONNECTIONS"));
  }

  /** The settings under their names, as {@link #fromJson} reads them back. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("TIDB_HOST", dbHost).put("TIDB_PORT", dbPort).put("TIDB_USER", dbUser)
        .put("TIDB_PASSWORD", dbPassword).put("TIDB_DB_NAME", dbName).put("CA_PATH", caPath)
        .put("EMBEDDED_DATA_DIR", embeddedDataDir)
        .put("HTTP_PORT", httpPort).put("DB_POOL_SIZE", poolSize).put("VERTICLE_INSTANCES", instances)
        .put("TRADE_MAX_ATTEMPTS", tradeMaxAttempts).put("HTTP_ENABLED", httpEnabled)
        .put("BUS_ADDRESS_PREFIX", busPrefix).put("DB_MAX_WAIT_QUEUE", maxWaitQueue)
        .put("REQUEST_TIMEOUT_MS", requestTimeoutMs).put("ADMISSION_MAX_WAIT_MS", admissionMaxWait)
        .put("IDEMPOTENCY_KEY_TTL", idempotencyKeyTtl.toString())
        .put("DB_MAX_LIFETIME_MS", dbMaxLifetimeMs).put("DB_IDLE_TIMEOUT_MS", dbIdleTimeoutMs)
        .put("HTTP_READ_TIMEOUT_MS", httpReadTimeoutMs).put("HTTP_IDLE_TIMEOUT_MS", httpIdleTimeoutMs)
        .put("HTTP_MAX_CONNECTIONS", httpMaxConnections)
        .put("AUTH_JWT_PUBLIC_KEY", authJwtPublicKey).put("AUTH_JWKS_URL", authJwksUrl)
        .put("COUNT_MAX_AGE_MS", countMaxAgeMs).put("DB_READ_CONNECTIONS", dbReadConnections);
  }

  /**
   * How many of one verticle instance's {@code connections} the expensive reads (list pages, the
   * ledger's listings, the count) may hold at once: DB_READ_CONNECTIONS, or by default a quarter
   * of DB_POOL_SIZE, split over the instances like the pool. At least one, so reads are served,
   * and one fewer than the instance has, so trades and writes always find a connection; an
   * instance with a single connection cannot keep one back, and shares it.
   */
  public int dbReadPlaces(int connections) {
    int reads = dbReadConnections != 0 ? dbReadConnections : Math.max(1, poolSize / 4);
    int share = (reads + instances - 1) / instances;
    return Math.max(1, Math.min(share, connections - 1));
  }

  /**
   * The longest a request waits for admission before it is shed: ADMISSION_MAX_WAIT_MS, or by
   * default 1 s, or a quarter of REQUEST_TIMEOUT_MS when that is shorter.
   */
  public int admissionMaxWaitMs() {
    return admissionMaxWait != 0 ? admissionMaxWait : Math.min(DEFAULT_MAX_WAIT_MS, requestTimeoutMs / 4);
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

  /** The same config pointed at another database, as used for the embedded one. */
  public ServiceConfig withDatabase(String host, int port, String user, String password) {
    return fromJson(toJson().put("TIDB_HOST", host).put("TIDB_PORT", port).put("TIDB_USER", user)
        .put("TIDB_PASSWORD", password));
  }

  /** The same config on another HTTP port. */
  public ServiceConfig withHttpPort(int port) {
    return fromJson(toJson().put("HTTP_PORT", port));
  }

  /** Where the service points, for logs: never the password. */
  public String databaseTarget() {
    return "mysql://" + dbUser + "@" + dbHost + ":" + dbPort + "/" + dbName
        + (!tls() ? "" : caPath.isEmpty() ? " (TLS, system trust store)" : " (TLS, CA " + caPath + ")");
  }

  /**
   * Whether the database connection uses TLS: when a CA is given, and always for TiDB Cloud
   * ({@code *.tidbcloud.com}), which refuses anything else.
   */
  public boolean tls() {
    String host = dbHost.toLowerCase(Locale.ROOT);
    return !caPath.isEmpty() || host.endsWith(".tidbcloud.com") || host.equals("tidbcloud.com");
  }

  /** Keeps the password out of logs and exception messages that print the record. */
  @Override
  public String toString() {
    return "ServiceConfig[" + databaseTarget() + ", EMBEDDED_DATA_DIR=" + embeddedDataDir
        + ", HTTP_PORT=" + httpPort
        + ", DB_POOL_SIZE=" + poolSize + ", VERTICLE_INSTANCES=" + instances
        + ", TRADE_MAX_ATTEMPTS=" + tradeMaxAttempts + ", HTTP_ENABLED=" + httpEnabled
        + ", BUS_ADDRESS_PREFIX=" + busPrefix + ", DB_MAX_WAIT_QUEUE=" + maxWaitQueue
        + ", REQUEST_TIMEOUT_MS=" + requestTimeoutMs + ", ADMISSION_MAX_WAIT_MS=" + admissionMaxWaitMs()
        + ", IDEMPOTENCY_KEY_TTL=" + idempotencyKeyTtl
        + ", DB_MAX_LIFETIME_MS=" + dbMaxLifetimeMs + ", DB_IDLE_TIMEOUT_MS=" + dbIdleTimeoutMs
        + ", HTTP_READ_TIMEOUT_MS=" + httpReadTimeoutMs + ", HTTP_IDLE_TIMEOUT_MS=" + httpIdleTimeoutMs
        + ", HTTP_MAX_CONNECTIONS=" + httpMaxConnections + ", AUTH_JWT_PUBLIC_KEY=" + authJwtPublicKey
        + ", AUTH_JWKS_URL=" + authJwksUrl + ", COUNT_MAX_AGE_MS=" + countMaxAgeMs
        + ", DB_READ_CONNECTIONS=" + dbReadConnections + "]";
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new InvalidConfigException(key + " must be a string, got " + describe(value));
  }

  private static int integer(JsonObject json, String key) {
    Object value = json.getValue(key);
    Function<Object, InvalidConfigException> bad =
        v -> new InvalidConfigException(key + " must be an integer, got " + describe(v));
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw bad.apply(value);
      }
    }
    throw bad.apply(value);
  }

  /**
   * A duration: a whole number with a unit ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 24h},
   * {@code 7d}), or ISO-8601 ({@code PT24H}).
   */
  private static Duration duration(JsonObject json, String key) {
    String text = text(json, key).trim();
    Matcher unit = DURATION.matcher(text);
    try {
      if (unit.matches()) {
        long amount = Long.parseLong(unit.group(1));
        return switch (unit.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(text);
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new InvalidConfigException(key + " must be a duration such as 24h, 90m or PT24H, got '" + text + "'");
    }
  }

  private static boolean bool(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value instanceof Boolean b) {
      return b;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw new InvalidConfigException(key + " must be true or false, got " + describe(value));
  }

  /**
   * Where user data belongs by the XDG base directory spec: {@code $XDG_DATA_HOME}, else
   * {@code ~/.local/share}. Not the working directory (a service started elsewhere would find
   * another database) and not /tmp (emptied at boot).
   */
  private static String defaultEmbeddedDataDir() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("player-service").resolve("mariadb").toString();
  }

  /** A config file cannot rely on the shell to expand {@code ~/}. */
  private static String expandHome(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }

  private static void requireRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidConfigException(key + " must be in " + min + ".." + max + ", got " + value);
    }
  }

  private static void requireOffOrRange(String key, int value, int min, int max) {
    if (value != 0 && (value < min || value > max)) {
      throw new InvalidConfigException(key + " must be 0 (off) or in " + min + ".." + max + ", got " + value);
    }
  }

  /**
   * Seconds a statement may wait for a row lock ({@code innodb_lock_wait_timeout}, whole seconds,
   * at least 1): a quarter of the request's deadline. A request may wait half its deadline for a
   * connection, then this long for a lock, and still has a quarter left to get 1205 back and
   * answer 503 (nothing changed) before the deadline's 504 (outcome unknown).
   */
  public int lockWaitTimeoutSeconds() {
    return Math.max(1, requestTimeoutMs / 4 / 1000);
  }

  private static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
