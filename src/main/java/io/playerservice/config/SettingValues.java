package io.playerservice.config;

import io.vertx.core.json.JsonObject;

/**
 * Where each {@link Setting} goes in {@link ServiceConfig}, both ways: {@link #read} fills the
 * components in the settings' order, {@link #of} gives one back by its setting.
 */
final class SettingValues {
  private SettingValues() {
  }

  /** Each setting from {@code json} by its name, or its default; the first unusable one throws. */
  static ServiceConfig read(JsonObject json) {
    return new ServiceConfig(
        read(json, Setting.TIDB_HOST),
        read(json, Setting.TIDB_PORT),
        read(json, Setting.TIDB_USER),
        read(json, Setting.TIDB_PASSWORD),
        read(json, Setting.TIDB_DB_NAME),
        read(json, Setting.CA_PATH),
        read(json, Setting.EMBEDDED_DATA_DIR),
        read(json, Setting.HTTP_PORT),
        read(json, Setting.DB_POOL_SIZE),
        read(json, Setting.DB_MAX_WAIT_QUEUE),
        read(json, Setting.ADMISSION_MAX_WAIT_MS),
        read(json, Setting.ADMISSION_BULKHEAD),
        read(json, Setting.REQUEST_TIMEOUT_MS),
        read(json, Setting.VERTICLE_INSTANCES),
        read(json, Setting.HTTP_ENABLED),
        read(json, Setting.BUS_ADDRESS_PREFIX),
        read(json, Setting.TRADE_MAX_ATTEMPTS),
        read(json, Setting.DB_MAX_LIFETIME_MS),
        read(json, Setting.DB_IDLE_TIMEOUT_MS),
        read(json, Setting.DB_SOCKET_TIMEOUT_MS),
        read(json, Setting.HTTP_READ_TIMEOUT_MS),
        read(json, Setting.HTTP_IDLE_TIMEOUT_MS),
        read(json, Setting.HTTP_MAX_CONNECTIONS),
        read(json, Setting.AUTH_JWT_PUBLIC_KEY),
        read(json, Setting.AUTH_JWKS_URL),
        read(json, Setting.AUTH_JWT_ISSUER),
        read(json, Setting.AUTH_JWT_AUDIENCE),
        read(json, Setting.AUTH_JWT_LEEWAY_SECONDS),
        read(json, Setting.AUTH_JWKS_REFRESH_SECONDS),
        read(json, Setting.IDEMPOTENCY_KEY_TTL),
        read(json, Setting.DB_MIGRATE),
        read(json, Setting.COUNT_MAX_AGE_MS),
        read(json, Setting.DB_READ_CONNECTIONS),
        read(json, Setting.FEED_POLL_MS),
        read(json, Setting.FEED_MAX_SUBSCRIBERS));
  }

  /** The value of {@code setting} in {@code config}, as its type reads and writes it. */
  static Object of(ServiceConfig config, Setting setting) {
    return switch (setting) {
      case TIDB_HOST -> config.dbHost();
      case TIDB_PORT -> config.dbPort();
      case TIDB_USER -> config.dbUser();
      case TIDB_PASSWORD -> config.dbPassword();
      case TIDB_DB_NAME -> config.dbName();
      case CA_PATH -> config.caPath();
      case EMBEDDED_DATA_DIR -> config.embeddedDataDir();
      case HTTP_PORT -> config.httpPort();
      case DB_POOL_SIZE -> config.poolSize();
      case DB_MAX_WAIT_QUEUE -> config.maxWaitQueue();
      case ADMISSION_MAX_WAIT_MS -> config.admissionMaxWaitMs();
      case ADMISSION_BULKHEAD -> config.admissionBulkhead();
      case REQUEST_TIMEOUT_MS -> config.requestTimeoutMs();
      case VERTICLE_INSTANCES -> config.instances();
      case HTTP_ENABLED -> config.httpEnabled();
      case BUS_ADDRESS_PREFIX -> config.busPrefix();
      case TRADE_MAX_ATTEMPTS -> config.tradeMaxAttempts();
      case DB_MAX_LIFETIME_MS -> config.dbMaxLifetimeMs();
      case DB_IDLE_TIMEOUT_MS -> config.dbIdleTimeoutMs();
      case DB_SOCKET_TIMEOUT_MS -> config.dbSocketTimeoutMsAsSet();
      case HTTP_READ_TIMEOUT_MS -> config.httpReadTimeoutMs();
      case HTTP_IDLE_TIMEOUT_MS -> config.httpIdleTimeoutMs();
      case HTTP_MAX_CONNECTIONS -> config.httpMaxConnections();
      case AUTH_JWT_PUBLIC_KEY -> config.authJwtPublicKey();
      case AUTH_JWKS_URL -> config.authJwksUrl();
      case AUTH_JWT_ISSUER -> config.authJwtIssuer();
      case AUTH_JWT_AUDIENCE -> config.authJwtAudience();
      case AUTH_JWT_LEEWAY_SECONDS -> config.authJwtLeewaySeconds();
      case AUTH_JWKS_REFRESH_SECONDS -> config.authJwksRefreshSeconds();
      case IDEMPOTENCY_KEY_TTL -> config.idempotencyKeyTtl();
      case DB_MIGRATE -> config.dbMigrate();
      case COUNT_MAX_AGE_MS -> config.countMaxAgeMs();
      case DB_READ_CONNECTIONS -> config.dbReadConnectionsAsSet();
      case FEED_POLL_MS -> config.feedPollMs();
      case FEED_MAX_SUBSCRIBERS -> config.feedMaxSubscribersAsSet();
    };
  }

  /** Typed by the component it fills: a setting's type reads the Java type of its component. */
  @SuppressWarnings("unchecked")
  private static <T> T read(JsonObject json, Setting setting) {
    String name = setting.name();
    return (T) setting.type.read(name, json.containsKey(name) ? json.getValue(name) : setting.type.fallback);
  }
}
