package io.playerservice.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static io.playerservice.config.NumberTypes.integer;
import static io.playerservice.config.NumberTypes.integerOrAuto;
import static io.playerservice.config.NumberTypes.integerOrOff;
import static io.playerservice.config.PathTypes.directory;
import static io.playerservice.config.PathTypes.file;
import static io.playerservice.config.SettingType.bool;
import static io.playerservice.config.SettingType.duration;
import static io.playerservice.config.SettingType.text;
import static io.playerservice.config.SettingType.verbatim;

/**
 * Every setting of the service, each declared once: its name (the environment variable PingCAP's
 * samples use, and the key in the config file), its type with default and range, whether it is
 * secret, and one line of documentation (Markdown). Parsing, checks, the flags
 * ({@code HTTP_PORT} is {@code --http-port}), redaction and the table in configuration.md all come
 * from here; rules that tie settings together live in {@link ServiceConfig}.
 *
 * <p>A new setting is one constant here, one component of {@link ServiceConfig} and its two lines
 * in {@link SettingValues}.
 */
public enum Setting {
  TIDB_HOST(text(""), "database host; empty starts the embedded MariaDB"),
  TIDB_PORT(integer(4000, 1, 65535), "database port (TiDB's; MySQL and MariaDB use 3306)"),
  TIDB_USER(text("root", ".+", "must not be empty"), "database user (a password user: the reactive client"
      + " cannot use `unix_socket` or `ed25519` logins)"),
  TIDB_PASSWORD(verbatim(), Secret.YES, "database password; never logged, and no flag (it would show in `ps`):"
      + " set it in the environment or the config file"),
  TIDB_DB_NAME(text("test", "[A-Za-z0-9_$]{1,64}", "must be 1 to 64 letters, digits, '_' or '$'"),
      "database (schema) holding the `player` table"),
  CA_PATH(file(), "PEM CA file; when set, TLS with certificate and host name verification against it."
      + " Hosts under `tidbcloud.com` use TLS without it (system trust store)"),
  EMBEDDED_DATA_DIR(directory(defaultEmbeddedDataDir(), "~/.local/share/player-service/mariadb"), "without `TIDB_HOST`: where the embedded MariaDB keeps its data"
      + " (an absolute path; a leading `~/` is expanded; the default follows `$XDG_DATA_HOME`); `:temp:` for"
      + " throwaway data, deleted on exit ([details](operations.md#the-embedded-database))"),
  HTTP_PORT(integer(8080, 0, 65535), "HTTP listen port"),
  DB_POOL_SIZE(integer(8, 1, 1024), "database connections for the API, split evenly over the verticle"
      + " instances (each has a pool of its own, rounded up: 8 over 2 instances is 4 each), plus 2 the"
      + " deployment keeps for schema, the key purge, readiness and the live feed's reader"),
  // Requests waiting for admission, a bound on memory only: waiters are shed by their deadline,
  // and a request refused by count comes back at once.
  DB_MAX_WAIT_QUEUE(integer(4096, 0, 1_000_000), "requests that may wait for admission (and for a pooled"
      + " connection), split over the instances like the pool: a bound on memory only. Beyond it a request"
      + " gets the [overload 503](operations.md#overload) at once, before its body is read; keep it above the number of"
      + " clients that may send at once, or clients that retry at once turn those 503s into a busy loop"),
  // Its range depends on REQUEST_TIMEOUT_MS: checked in ServiceConfig.
  ADMISSION_MAX_WAIT_MS(integer(0, Integer.MIN_VALUE, Integer.MAX_VALUE), "a limit of its own on how long a"
      + " data request may wait for admission (a free database connection of its instance) before the"
      + " [overload 503](operations.md#overload); `0`: none, a request waits while it can still be served within"
      + " `REQUEST_TIMEOUT_MS`. At most half of `REQUEST_TIMEOUT_MS`; a limit shorter than the wait of the"
      + " service's busiest moments turns those waits into 503s"),
  // Off only to measure what the bulkhead costs (src/bench/bulkhead.sh).
  ADMISSION_BULKHEAD(bool(true), "`false` turns off the [bulkhead](operations.md#overload) between listings and"
      + " money: listings then wait and rank as ordinary requests, with no share of their own. For benchmarks;"
      + " keep it on in production"),
  REQUEST_TIMEOUT_MS(integer(10_000, 100, 600_000), "a data request not answered by then gets 504, outcome"
      + " unknown (HTTP: counted from when its body is in, the wait for admission included; event bus: from"
      + " when it is taken); still waiting for a database connection at half of it, 503; row-lock waits end"
      + " at a quarter of it ([below](operations.md#failures))"),
  VERTICLE_INSTANCES(integerOrAuto(0, 1, 1024, () -> Runtime.getRuntime().availableProcessors()),
      "API verticle instances (HTTP and event bus), each with its own pool on its own event loop; `0`"
      + " means one per core"),
  HTTP_ENABLED(bool(true), "`false` runs a back-end node that serves only the event bus"),
  BUS_ADDRESS_PREFIX(text("", "[A-Za-z0-9_.-]*", "may hold only letters, digits, '.', '_' and '-'"),
      "prefix of every event-bus address (`players.create` → `PREFIX` + `players.create`)"),
  TRADE_MAX_ATTEMPTS(integer(10, 1, 100), "runs of a trade's transaction, the first included, when the"
      + " database reports a retryable error"),
  // TiDB Cloud's advice behind its proxies, which drop connections they think idle or old.
  DB_MAX_LIFETIME_MS(integerOrOff(300_000, 1000, 86_400_000), "a pooled connection is closed after this long"
      + " (5 min, as TiDB Cloud advises behind its proxies); `0`: never"),
  // Below the idle cut-off of any proxy or NAT on the way, so the pool closes idle connections
  // itself before something else kills them silently.
  DB_IDLE_TIMEOUT_MS(integerOrOff(60_000, 1000, 86_400_000), "a pooled connection idle this long is closed,"
      + " before a proxy or NAT drops it silently; at most half of `DB_SOCKET_TIMEOUT_MS`, and `0` means that half"),
  // Its least value depends on REQUEST_TIMEOUT_MS: checked in ServiceConfig.
  DB_SOCKET_TIMEOUT_MS(integer(0, 0, 3_600_000), "a database connection with nothing sent or received this long is"
      + " closed as dead: a handshake never answered, a connection half-open under a statement"
      + " ([database faults](operations.md#database-faults)); `0`: `REQUEST_TIMEOUT_MS`, or a row-lock wait and a"
      + " second when that is longer; at least half of `REQUEST_TIMEOUT_MS` and that lock wait"),
  HTTP_READ_TIMEOUT_MS(integer(10_000, 100, 600_000), "a request's head (from the connection's opening) and"
      + " its body (from its head) must arrive within this; otherwise 408 and the connection is closed"
      + " ([limits](api.md#limits))"),
  HTTP_IDLE_TIMEOUT_MS(integer(60_000, 1000, 3_600_000), "a connection with nothing sent or received this"
      + " long is closed, and a kept-alive one whose next request head is not complete by then; must exceed"
      + " `REQUEST_TIMEOUT_MS` and `HTTP_READ_TIMEOUT_MS`"),
  HTTP_MAX_CONNECTIONS(integerOrAuto(0, 1, 1_000_000, MachineLimits::defaultMaxConnections), "open HTTP"
      + " connections, all verticle instances together; beyond it a new connection is closed at once. `0`:"
      + " half the process's open-file limit (`ulimit -n`), at most 10,000 (1024 where the limit cannot be"
      + " read)"),
  AUTH_JWT_PUBLIC_KEY(file(), "a PEM public key file (RSA: RS256; EC: ES256/384/512; Ed25519: EdDSA); when"
      + " set, data routes need a bearer JWT it signed ([authentication](api.md#authentication))"),
  AUTH_JWKS_URL(text("", "(https?://[^\\s/]+(/\\S*)?)?", "must be an http:// or https:// URL"), "instead of"
      + " the above: an `http(s)://` JWKS URL (RSA, EC and EdDSA signing keys), fetched at start, every"
      + " `AUTH_JWKS_REFRESH_SECONDS` and when a token names a key it lacks; needs `AUTH_JWT_ISSUER` and"
      + " `AUTH_JWT_AUDIENCE`"),
  AUTH_JWT_ISSUER(text("", "\\S*", "must not contain spaces"), "the `iss` a token must carry, exactly as the"
      + " provider writes it (Keycloak: `https://host/realms/name`; Auth0: `https://tenant.auth0.com/`, with the"
      + " slash); unchecked when empty"),
  // A provider signs the tokens of every application it serves with the same keys: only the
  // audience tells a token meant for this service from one meant for another.
  AUTH_JWT_AUDIENCE(text("", "\\S*", "must not contain spaces"), "this service's name at the provider, which"
      + " a token's `aud` must hold, so that tokens issued for other applications are refused; unchecked when"
      + " empty"),
  AUTH_JWT_LEEWAY_SECONDS(integer(30, 0, 300), "clock difference allowed on a token's `exp`, `nbf` and `iat`:"
      + " 30 s covers the drift of clocks kept by NTP, while an expired token is refused at most half a minute"
      + " late"),
  AUTH_JWKS_REFRESH_SECONDS(integer(300, 1, 86_400), "how often the JWKS is fetched again in the background,"
      + " so that keys the provider withdraws stop verifying tokens; a failed fetch keeps the last good keys"
      + " ([identity provider](operations.md#the-identity-provider))"),
  IDEMPOTENCY_KEY_TTL(duration("24h", Duration.ofSeconds(1), Duration.ofDays(365), "1s to 365d"), "how long an"
      + " `Idempotency-Key` keeps its answer: a number with `ms`, `s`, `m`, `h` or `d`, or ISO-8601"
      + " (`PT24H`); 1 s to 365 d. Expired keys are purged in the background; a key used again after that"
      + " runs as new"),
  DB_MIGRATE(bool(true), "apply the schema's [migrations](operations.md#schema-migrations) at start, before serving;"
      + " `false` when a separate step runs `migrate` (or the service's user may not change the schema)"),
  // How old a player count may be: one COUNT a second at most, however many ask.
  COUNT_MAX_AGE_MS(integer(1000, 0, 3_600_000), "how old the answer of `GET /players/count` may be: one COUNT"
      + " serves every request of the service for this long ([the count](api.md#the-count)); `0`: every answer"
      + " counted after its request arrived, concurrent requests still sharing one COUNT"),
  // At most DB_POOL_SIZE: checked in ServiceConfig.
  DB_READ_CONNECTIONS(integer(0, 0, 1024), "how many database connections the expensive reads (list pages,"
      + " the ledger's listings, the count's COUNT) may hold at once, split over the verticle instances like"
      + " the pool but at least one per instance and always one fewer than an instance has (an instance with"
      + " one connection shares it); `0`: a quarter of `DB_POOL_SIZE` (2 of 8: one of each instance's 4 by"
      + " default) ([bulkhead](operations.md#overload)); at most `DB_POOL_SIZE`"),
  // The feed's clock: a lost notification delays an event by at most this, and nodes beat at it.
  FEED_POLL_MS(integer(1000, 10, 60_000), "how often each node reads the ledger for the"
      + " [live feed](api.md#live-trade-feed) and tells the cluster its watermark, even with no"
      + " notification: the longest a lost notification delays an event, and the `retry:` a client gets"),
  // Streams are connections: the default leaves half of them to requests.
  FEED_MAX_SUBSCRIBERS(integer(0, 0, 1_000_000), "open `GET /trades/stream` streams per node; beyond it"
      + " a new one gets 503 with `Retry-After`. `0`: half of `HTTP_MAX_CONNECTIONS`, so requests keep the"
      + " other half");

  private enum Secret { YES }

  final SettingType type;
  private final boolean secret;
  private final String doc;

  Setting(SettingType type, String doc) {
    this(type, null, doc);
  }

  Setting(SettingType type, Secret secret, String doc) {
    this.type = type;
    this.secret = secret != null;
    this.doc = doc;
  }

  /** True for a value that must never be logged, printed or given as a flag. */
  public boolean secret() {
    return secret;
  }

  /** One line of documentation, in Markdown. */
  public String doc() {
    return doc;
  }

  /** The flag that sets it: {@code HTTP_PORT} is {@code --http-port}. */
  public String flag() {
    return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The placeholder of the flag's value in {@code --help}, such as {@code INT}. */
  public String label() {
    return type.label;
  }

  /** The default as the settings table shows it (Markdown). */
  public String shownDefault() {
    return type.shownDefault();
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
}
