package io.playerservice.db;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.SslMode;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The reactive MySQL client as the service uses it: the options every connection opens with (TLS
 * included), the pools built from the config, and the probe that shows the database answers.
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /**
   * Long enough for the 1000-row bulk INSERT (about 10 KB of SQL) to stay in the
   * prepared-statement cache; the client's default of 2048 characters would re-prepare it.
   */
  private static final int CACHEABLE_SQL_LENGTH = 16 * 1024;

  /**
   * One statement at a time on a connection: with more, a connection that closes under several
   * unanswered statements leaves all but the first uncompleted in vertx-mysql-client 5.0.10, and a
   * transaction then never ends (PipelinedCloseTest shows both).
   */
  static final int PIPELINING_LIMIT = 1;

  /** TLS versions offered to the database; older ones are broken and TiDB Cloud refuses them. */
  static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /** The cheapest question that proves the database answers. */
  static final String PING = "SELECT 1";

  private Database() {
  }

  /** Succeeds when the database answers a query through {@code pool}. */
  public static Future<Void> ping(Pool pool) {
    return pool.query(PING).execute().mapEmpty();
  }

  /** Where and how to connect: database, user, utf8mb4, cached statements, TLS when configured. */
  public static MySQLConnectOptions connectOptions(ServiceConfig config) {
    MySQLConnectOptions options = new MySQLConnectOptions()
        .setHost(config.dbHost())
        .setPort(config.dbPort())
        .setUser(config.dbUser())
        .setPassword(config.dbPassword())
        .setDatabase(config.dbName())
        .setCharset("utf8mb4")
        .setCachePreparedStatements(true)
        .setPipeliningLimit(PIPELINING_LIMIT)
        .setPreparedStatementCacheSqlLimit(CACHEABLE_SQL_LENGTH)
        // A statement is a span only inside a traced request (a child of its server span), so
        // the key purge and the connection set-up add no traces of their own.
        .setTracingPolicy(TracingPolicy.PROPAGATE);
    if (config.tls()) {
      options.setSslMode(SslMode.VERIFY_IDENTITY).setSslOptions(sslOptions(config));
    }
    return options;
  }

  /** The TCP side of every connection: its timeouts, and an immediate ACK of the handshake. */
  static NetClientOptions netOptions(ServiceConfig config) {
    return new NetClientOptions()
        // An unreachable host must not hold a new connection past half a request's deadline.
        .setConnectTimeout(config.requestTimeoutMs() / 2)
        // The MySQL handshake and login, and every statement after, have no timeout of
        // their own in the client: a connection silent this long is closed as dead, so a
        // handshake never answered or a half-open connection gives its place in the pool back.
        .setIdleTimeout(config.dbSocketTimeoutMs())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // On native epoll Vert.x writes this option to every socket before connect(); false
        // (TCP_QUICKACK 0) makes Linux hold the last ACK of the TCP handshake for its longest
        // delayed-ACK wait (200 ms), to send it with the client's first bytes. MySQL's server
        // speaks first, and accepts only on that ACK, so every new connection would wait 200 ms
        // for the greeting (src/bench/connect.sh). True leaves the socket as the kernel opens
        // it, as the JDK's transport does.
        .setTcpQuickAck(true);
  }

  /**
   * How long a pooled connection may lie idle: DB_IDLE_TIMEOUT_MS, but at most half the socket
   * timeout, so that the pool retires an idle connection itself before the socket timeout would
   * close it under a request that has just taken it.
   */
  private static int idleLimitMs(ServiceConfig config) {
    int half = config.dbSocketTimeoutMs() / 2;
    return config.dbIdleTimeoutMs() == 0 ? half : Math.min(config.dbIdleTimeoutMs(), half);
  }

  /**
   * Verify the chain and that the certificate names the host we dialled. Trust is the PEM in
   * {@code CA_PATH} when given, otherwise the JVM's trust store (the system CAs, which sign
   * TiDB Cloud's certificates).
   */
  private static ClientSSLOptions sslOptions(ServiceConfig config) {
    ClientSSLOptions ssl = new ClientSSLOptions()
        .setHostnameVerificationAlgorithm("HTTPS")
        .setEnabledSecureTransportProtocols(TLS_PROTOCOLS)
        // As for the TCP connect: the handshake must not hold a new connection past half a deadline.
        .setSslHandshakeTimeout(config.requestTimeoutMs() / 2)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    if (!config.caPath().isEmpty()) {
      ssl.setTrustOptions(new PemTrustOptions().addCertPath(config.caPath()));
    }
    return ssl;
  }

  /**
   * A pool of all {@code DB_POOL_SIZE} connections and {@code DB_MAX_WAIT_QUEUE} waiting
   * requests, for a client that runs alone, such as the {@code demo} command's clean-up. The
   * service divides those totals instead (see the next method).
   */
  public static Pool pool(Vertx vertx, ServiceConfig config) {
    return pool(vertx, config, config.poolSize(), config.maxWaitQueue());
  }

  /**
   * A pool of {@code size} connections with room for {@code waitQueue} waiting requests. Every
   * {@code ApiVerticle} builds one from its share of {@code DB_POOL_SIZE} and
   * {@code DB_MAX_WAIT_QUEUE}, on its own event loop; {@code PlayerServiceVerticle} builds a small
   * one of its own for the start's probe, readiness and the Idempotency-Key purge.
   */
  public static Pool pool(Vertx vertx, ServiceConfig config, int size, int waitQueue) {
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(size)
        // Requests beyond this many waiting for a connection fail at once (503) instead of
        // queueing without bound: memory and latency stay bounded under overload.
        .setMaxWaitQueueSize(waitQueue)
        // A request that cannot get a connection within half its deadline gets a 503 while it
        // has done nothing, rather than the 504 "outcome unknown" of the deadline itself.
        .setConnectionTimeout(config.requestTimeoutMs() / 2)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        // Proxies in front of TiDB Cloud (and NATs, load balancers) drop connections that are old
        // or idle, often silently; the pool retires them first (0: never).
        .setMaxLifetime(config.dbMaxLifetimeMs())
        .setMaxLifetimeUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(idleLimitMs(config))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // Evictions run this often, so an idle connection goes within 1.5 times the idle limit.
        .setPoolCleanerPeriod(idleLimitMs(config) / 2)
        .setName("player-service " + config.databaseTarget());
    String sessionSettings = "SET SESSION innodb_lock_wait_timeout = " + config.lockWaitTimeoutSeconds();
    return MySQLBuilder.pool()
        .with(poolOptions)
        .with(netOptions(config))
        .connectingTo(connectOptions(config))
        .withConnectHandler(conn -> initialize(conn, sessionSettings))
        .using(vertx)
        .build();
  }

  /**
   * Runs on every new connection before the pool lends it out. Lock waits end (1205, nothing
   * changed) before the request's deadline would answer 504 (outcome unknown); the server's
   * default is 50 s. {@code close()} hands the connection to the pool.
   */
  private static void initialize(SqlConnection conn, String sessionSettings) {
    conn.query(sessionSettings).execute().onComplete(done -> {
      if (done.succeeded()) {
        conn.close();
      } else if (done.cause() instanceof DatabaseException refused) {
        // The server answered, so the connection works; it serves with the server's default.
        LOG.warn("the database refused '{}' ({}); lock waits keep the server's default", sessionSettings,
            refused.getMessage());
        conn.close();
      }
      // Otherwise the connection broke, and the pool has already dropped it: it must not be closed again.
    });
  }
}
