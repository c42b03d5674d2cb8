package io.playerservice.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * The service deployed as {@code main} deploys it, on a free port against the test database,
 * with a plain HTTP client to call it. Calls block the test thread (never an event loop), so
 * tests read top to bottom.
 */
import java.util.List;

import static org.awaitility.Awaitility.await;

public final class ServiceUnderTest implements AutoCloseable {
  public final Vertx vertx;
  public final ServiceConfig config;
  private final WebClient client;
  private final Pool admin;

  private ServiceUnderTest(Vertx vertx, ServiceConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(config.httpPort()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(128)); // room for concurrency tests
    this.admin = MySQLBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(Database.connectOptions(config)).using(vertx).build();
  }

  public static ServiceUnderTest start() {
    return start(new JsonObject());
  }

  /**
   * With some settings overridden, by their configuration names. The count is exact unless a test
   * sets COUNT_MAX_AGE_MS (tests count right after they write; the window has tests of its own).
   */
  public static ServiceUnderTest start(JsonObject overrides) {
    return start(overrides, Metrics.newRegistry()); // as main builds it
  }

  /**
   * One instance with one database connection and a deadline of {@code timeoutMs}, for tests that
   * get that connection stuck behind LOCK TABLES on purpose: the stuck statement outlasts several
   * deadlines, so the socket timeout is set past them (it must not be closed as dead).
   */
  public static ServiceUnderTest startWithOneConnection(int timeoutMs) {
    return start(new JsonObject().put("DB_POOL_SIZE", 1).put("VERTICLE_INSTANCES", 1)
        .put("REQUEST_TIMEOUT_MS", timeoutMs).put("DB_SOCKET_TIMEOUT_MS", 10 * timeoutMs));
  }

  /** As above, with the service's meters in {@code registry}, which need not be Prometheus's. */
  public static ServiceUnderTest start(JsonObject overrides, MeterRegistry registry) {
    ServiceConfig config = ServiceConfig.fromJson(TestDatabase.config().withHttpPort(freePort()).toJson()
        .put("COUNT_MAX_AGE_MS", 0).mergeIn(overrides));
    return startOn(Metrics.vertx(new VertxOptions(), registry).build(), registry, config);
  }

  /**
   * Overrides that point the service at a database of a test's own: its {@code TIDB_*} settings
   * only, so {@link #start(JsonObject)}'s own choices (a free HTTP port, the exact count) stay.
   */
  public static JsonObject settingsFor(EmbeddedMariaDb database) {
    JsonObject all = database.applyTo(TestDatabase.config()).toJson();
    JsonObject settings = new JsonObject();
    for (String name : List.of("TIDB_HOST", "TIDB_PORT", "TIDB_USER", "TIDB_PASSWORD", "TIDB_DB_NAME")) {
      settings.put(name, all.getValue(name));
    }
    return settings;
  }

  /** Against whatever database {@code config} names, such as a TLS server of a test's own. */
  public static ServiceUnderTest start(ServiceConfig config) {
    PrometheusMeterRegistry registry = Metrics.newRegistry(); // as main builds it
    return startOn(Metrics.vertx(new VertxOptions(), registry).build(), registry, config);
  }

  /**
   * On a Vert.x of the test's own (say, one tracing to an in-memory exporter), closed with the
   * service; the service's meters go to a Prometheus registry of their own.
   */
  public static ServiceUnderTest startOn(Vertx vertx, ServiceConfig config) {
    return startOn(vertx, Metrics.newRegistry(), config);
  }

  private static ServiceUnderTest startOn(Vertx vertx, MeterRegistry registry, ServiceConfig config) {
    try {
      vertx.deployVerticle(new PlayerServiceVerticle(config, registry)).await();
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    return new ServiceUnderTest(vertx, config);
  }

  /** Empties the tables: harness housekeeping, the one thing tests do not do through the API. */
  public void reset() {
    for (String table : new String[] {"player", "trade", "idempotency_key"}) {
      admin.query("DELETE FROM " + table).execute().await();
    }
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(path).send().await();
  }

  /**
   * GET {@code path} once a request is admitted again: for the first read after a stalled request's
   * statement ends. Its place frees when the database's answer reaches this service, which can be a
   * moment after another connection sees the change. A read arriving in that moment waits for the
   * place, and after a stall of its own request class, whose long service time the room now
   * expects, it is shed (503) at once. A place never freed fails here.
   */
  public HttpResponse<Buffer> getOnceAdmitted(String path) {
    return await("a place free again for GET " + path).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50)).until(() -> get(path), response -> response.statusCode() != 503);
  }

  public HttpResponse<Buffer> delete(String path) {
    return client.delete(path).send().await();
  }

  public HttpResponse<Buffer> post(String path, Object json) {
    return send(HttpMethod.POST, path, "application/json", Buffer.buffer(encode(json)));
  }

  /** The plain client, for requests that need headers of their own. */
  public WebClient client() {
    return client;
  }

  /** A GET without waiting. */
  public Future<HttpResponse<Buffer>> getAsync(String path) {
    return client.get(path).send();
  }

  /** Sends without waiting, for tests that keep many requests in flight. */
  public Future<HttpResponse<Buffer>> postAsync(String path, Object json) {
    return client.post(path).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(encode(json)));
  }

  /** A second, raw client of the same database: the "other application" some tests need. */
  public Pool database() {
    return admin;
  }

  public HttpResponse<Buffer> put(String path, Object json) {
    return send(HttpMethod.PUT, path, "application/json", Buffer.buffer(encode(json)));
  }

  /** Any method, content type (null: none) and raw body, for the malformed cases. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body) {
    return send(method, path, contentType, body, null);
  }

  /** As {@link #send(HttpMethod, String, String, Buffer)}, with an Idempotency-Key (null: none). */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body,
      String idempotencyKey) {
    return send(method, path, contentType, body, idempotencyKey, null);
  }

  /** As above, with an {@code Authorization} header (null: none). */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body,
      String idempotencyKey, String authorization) {
    var request = client.request(method, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return (body == null ? request.send() : request.sendBuffer(body)).await();
  }

  /** Every player, in id order, as the API lists them. */
  public JsonArray allPlayers() {
    JsonArray all = new JsonArray();
    String after = null;
    while (true) {
      String path = "/players?limit=1000" + (after == null ? "" : "&after=" + PercentEncoding.encode(after));
      JsonArray page = get(path).bodyAsJsonArray();
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      after = page.getJsonObject(page.size() - 1).getString("id");
    }
  }

  /** The value of one Prometheus sample, e.g. {@code trades_total{outcome="ok"}}; 0 when absent. */
  public double metric(String sample) {
    return get("/metrics").bodyAsString().lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
        .findFirst().orElse(0);
  }

  public long count() {
    return get("/players/count").bodyAsJsonObject().getLong("count");
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  private static String encode(Object json) {
    return json instanceof String s ? s
        : json instanceof JsonObject o ? o.encode()
        : json instanceof JsonArray a ? a.encode()
        : String.valueOf(json);
  }

  /** A port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
