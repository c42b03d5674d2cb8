package io.playerservice.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playerservice.support.ApiTest;
import io.playerservice.support.EventStream;
import io.playerservice.support.RawHttp;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract at {@code /openapi.yaml} and the service agree: the router has exactly the
 * contract's operations, every response the contract documents happens, and every response
 * seen (status, headers, body) is one the contract allows. Requests the service accepts are
 * valid against the contract's request schemas.
 */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest extends ApiTest {
  /**
   * vertx-openapi 5.0 refuses response media types other than JSON, text, octet-stream and
   * {@code vnd.*+json}, so {@code application/problem+json} is read under this alias. The
   * schemas, and so the checks, are unchanged.
   */
  private static final String PROBLEM = "application/problem+json";
  private static final String PROBLEM_ALIAS = "application/vnd.problem+json";
  /** Nor does it take {@code text/event-stream} (the live feed), which is read as text/plain. */
  private static final String EVENT_STREAM = "text/event-stream";
  private static final String EVENT_STREAM_ALIAS = "text/plain";

  private static OpenAPIContract contract;
  private static ResponseValidator validator;
  /** The same service with no database behind it, for the documented 503s. */
  private static ServiceUnderTest down;
  /** The same service with a short deadline, for the documented 504s. */
  private static ServiceUnderTest impatient;
  /** The same service with bearer-token authentication on, for the documented 401s and 403s. */
  private static ServiceUnderTest guarded;
  /** The same service with a short read deadline, for the documented 408s. */
  private static ServiceUnderTest slowToRead;
  /**
   * The same service with its meters in a registry that is not Prometheus's, for /metrics' 404;
   * and room for one live-feed stream, for the feed's 503.
   */
  private static ServiceUnderTest unscraped;
  private static TestTokens issuer;
  /** The live feed's operation, whose 200 is a stream that never ends. */
  private static final String STREAM = "streamTrades";
  private static final List<String> ALL_SCOPES = List.of("players:read", "players:write", "trades:read", "trades:write");
  @TempDir
  static Path keys;

  @BeforeAll
  static void readTheServedContract() throws Exception {
    Map<String, Object> yaml = new Yaml().load(service.get("/openapi.yaml").bodyAsString());
    String json = new JsonObject(yaml).encode().replace(PROBLEM, PROBLEM_ALIAS).replace(EVENT_STREAM, EVENT_STREAM_ALIAS);
    contract = OpenAPIContract.from(service.vertx, withServersResolved(new JsonObject(json))).await();
    validator = ResponseValidator.create(service.vertx, contract);
    down = ServiceUnderTest.start(new JsonObject().put("TIDB_PORT", ServiceUnderTest.freePort()));
    // Room for the ten requests that stay blocked under LOCK TABLES, each holding a connection.
    // They arrive over one keep-alive connection, so on one verticle instance, whose pool is its
    // share of DB_POOL_SIZE: 16 each on two cores.
    impatient = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", 300)
        .put("DB_POOL_SIZE", 16 * Runtime.getRuntime().availableProcessors()));
    issuer = TestTokens.rsa(service.vertx);
    guarded = ServiceUnderTest.start(new JsonObject().put("AUTH_JWT_PUBLIC_KEY", issuer.publicKeyPem(keys).toString()));
    slowToRead = ServiceUnderTest.start(new JsonObject().put("HTTP_READ_TIMEOUT_MS", 500));
    unscraped = ServiceUnderTest.start(new JsonObject().put("FEED_MAX_SUBSCRIBERS", 1), new SimpleMeterRegistry());
  }

  /**
   * The contract's server URL is relative, as OpenAPI allows (resolved against where the
   * document was fetched, which Swagger UI does); vertx-openapi takes absolute URLs only.
   */
  private static JsonObject withServersResolved(JsonObject contract) {
    URI fetchedFrom = URI.create("http://localhost:" + service.config.httpPort() + "/openapi.yaml");
    for (Object server : contract.getJsonArray("servers")) {
      JsonObject entry = (JsonObject) server;
      entry.put("url", fetchedFrom.resolve(entry.getString("url")).toString());
    }
    return contract;
  }

  @AfterAll
  static void stopTheOtherServices() {
    down.close();
    impatient.close();
    guarded.close();
    slowToRead.close();
    unscraped.close();
  }

  @Test
  void theContractIsOpenApi31ServedAsYamlFromTheJar() throws Exception {
    var response = service.get("/openapi.yaml");
    assertEquals(200, response.statusCode());
    assertEquals("application/yaml", response.getHeader("Content-Type"));
    assertTrue(response.bodyAsString().startsWith("openapi: 3.1.0"));
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
      assertArrayEquals(in.readAllBytes(), response.body().getBytes());
    }
  }

  @Test
  void theRouterAndTheContractHaveTheSameOperations(Vertx vertx) {
    Set<String> routed = new TreeSet<>();
    for (Route route : RouteTable.routes(vertx)) {
      String name = route.getName();
      boolean page = ApiDocs.PAGE.equals(name);
      // null: the catch-all handlers (request id, body). Swagger UI's page is an operation; the
      // files it loads are not (ApiDocsTest loads them), and its HEAD is its GET without a body.
      if (route.methods() != null && (page || !ApiDocs.serves(name))) {
        route.methods().stream().filter(method -> !(page && method == HttpMethod.HEAD))
            .forEach(method -> routed.add(method.name() + " " + name));
      }
    }
    Set<String> documented = contract.operations().stream()
        .map(op -> op.getHttpMethod().name() + " " + op.getOpenAPIPath())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(documented, routed);
  }

  @Test
  void everyDocumentedResponseHappensAndMatchesTheContract() {
    service.post("/players/bulk", new JsonArray().add(player("alice", 100, 10)).add(player("bob", 100, 10))
        .add(player("carol", 1, 1)));
    String tradeId = service.post("/trades", trade("bob", "alice", 1, 1)).bodyAsJsonObject()
        .getJsonObject("trade").getString("id");
    String tooLong = "x".repeat(37);
    String tooLarge = "[" + " ".repeat(1024 * 1024) + "]";
    String json = "application/json";
    List<Exchange> exchanges = List.of(
        new Exchange(HttpMethod.POST, "/players", json, "{\"id\":\"dave\",\"coins\":1,\"goods\":2}", 201),
        new Exchange(HttpMethod.POST, "/players", json, "{\"coins\":-1,\"goods\":2}", 400),
        new Exchange(HttpMethod.POST, "/players", json, "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", 409),
        new Exchange(HttpMethod.POST, "/players", "text/plain", "coins=1", 415),
        new Exchange(HttpMethod.POST, "/players", json, tooLarge, 413),
        new Exchange(HttpMethod.GET, "/players?limit=2&after=a", null, null, 200),
        new Exchange(HttpMethod.GET, "/players?limit=0", null, null, 400),
        new Exchange(HttpMethod.GET, "/players/count", null, null, 200),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"coins\":1,\"goods\":1}]", 201),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[]", 400),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"id\":\"bob\",\"coins\":1,\"goods\":1}]", 409),
        new Exchange(HttpMethod.POST, "/players/bulk", json, tooLarge, 413),
        new Exchange(HttpMethod.POST, "/players/bulk", "text/csv", "id,coins", 415),
        new Exchange(HttpMethod.GET, "/players/alice", null, null, 200),
        new Exchange(HttpMethod.GET, "/players/" + tooLong, null, null, 400),
        new Exchange(HttpMethod.GET, "/players/nobody", null, null, 404),
        new Exchange(HttpMethod.PUT, "/players/bob", json, "{\"coins\":50,\"goods\":5}", 200),
        new Exchange(HttpMethod.PUT, "/players/bob", json, "{\"coins\":\"x\",\"goods\":5}", 400),
        new Exchange(HttpMethod.PUT, "/players/nobody", json, "{\"coins\":1,\"goods\":1}", 404),
        new Exchange(HttpMethod.PUT, "/players/bob", "text/plain", "1", 415),
        new Exchange(HttpMethod.PUT, "/players/bob", json, tooLarge, 413),
        new Exchange(HttpMethod.DELETE, "/players/carol", null, null, 204),
        new Exchange(HttpMethod.DELETE, "/players/" + tooLong, null, null, 400),
        new Exchange(HttpMethod.DELETE, "/players/carol", null, null, 404),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 2, 10), 200),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "alice", 2, 10), 400),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "nobody", 2, 10), 404),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 999, 10), 409),
        new Exchange(HttpMethod.POST, "/trades", "text/plain", "sell", 415),
        new Exchange(HttpMethod.POST, "/trades", json, tooLarge, 413),
        // With an Idempotency-Key: first answers, their replays, a key reused for another request.
        new Exchange(HttpMethod.POST, "/players", json, "{\"coins\":1,\"goods\":2}", 201, "k-create"),
        new Exchange(HttpMethod.POST, "/players", json, "{\"goods\":2, \"coins\":1}", 201, "k-create"),
        new Exchange(HttpMethod.POST, "/players", json, "{\"coins\":9,\"goods\":2}", 422, "k-create"),
        new Exchange(HttpMethod.POST, "/players", json, "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", 409, "k-dup"),
        new Exchange(HttpMethod.POST, "/players", json, "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", 409, "k-dup"),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"coins\":1,\"goods\":1}]", 201, "k-bulk"),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"coins\":1,\"goods\":1}]", 201, "k-bulk"),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"coins\":2,\"goods\":1}]", 422, "k-bulk"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 1, 1), 200, "k-trade"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 1, 1), 200, "k-trade"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 1, 2), 422, "k-trade"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 999, 1), 409, "k-short"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 999, 1), 409, "k-short"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "nobody", 1, 1), 404, "k-ghost"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "nobody", 1, 1), 404, "k-ghost"),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 1, 1), 400, "no spaces"),
        new Exchange(HttpMethod.GET, "/trades?player=alice&limit=1", null, null, 200),
        new Exchange(HttpMethod.GET, "/trades?limit=1001", null, null, 400),
        new Exchange(HttpMethod.GET, "/trades/" + tradeId, null, null, 200),
        new Exchange(HttpMethod.GET, "/trades/not-a-uuid", null, null, 400),
        new Exchange(HttpMethod.GET, "/trades/" + UUID.randomUUID(), null, null, 404),
        new Exchange(HttpMethod.GET, "/trades/stream?player=alice", null, null, 200),
        new Exchange(HttpMethod.GET, "/trades/stream?after=nope", null, null, 400),
        new Exchange(HttpMethod.GET, "/health/live", null, null, 200),
        new Exchange(HttpMethod.GET, "/health/ready", null, null, 200),
        new Exchange(HttpMethod.GET, "/metrics", null, null, 200),
        new Exchange(HttpMethod.GET, "/openapi.yaml", null, null, 200),
        new Exchange(HttpMethod.GET, "/docs", null, null, 200));
    // A method none of a path's operations has: each operation of that path lists the 405.
    List<String> pathsWithOtherMethods = List.of("/players", "/players/count", "/players/bulk", "/players/alice",
        "/trades", "/trades/" + tradeId, "/trades/stream");
    List<Exchange> withoutDatabase = List.of(
        new Exchange(HttpMethod.POST, "/players", json, "{\"coins\":1,\"goods\":2}", 503),
        new Exchange(HttpMethod.GET, "/players", null, null, 503),
        new Exchange(HttpMethod.GET, "/players/count", null, null, 503),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"coins\":1,\"goods\":1}]", 503),
        new Exchange(HttpMethod.GET, "/players/alice", null, null, 503),
        new Exchange(HttpMethod.PUT, "/players/alice", json, "{\"coins\":1,\"goods\":1}", 503),
        new Exchange(HttpMethod.DELETE, "/players/alice", null, null, 503),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "bob", 1, 1), 503),
        new Exchange(HttpMethod.GET, "/trades", null, null, 503),
        new Exchange(HttpMethod.GET, "/trades/" + tradeId, null, null, 503),
        new Exchange(HttpMethod.GET, "/health/ready", null, null, 503));
    // Under LOCK TABLES every statement on player waits: past the deadline, 504. Each would
    // change nothing if it ran, so the statements that finish after UNLOCK leave no trace.
    List<Exchange> pastTheDeadline = List.of(
        new Exchange(HttpMethod.POST, "/players", json, "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", 504),
        new Exchange(HttpMethod.GET, "/players", null, null, 504),
        new Exchange(HttpMethod.GET, "/players/count", null, null, 504),
        new Exchange(HttpMethod.POST, "/players/bulk", json, "[{\"id\":\"bob\",\"coins\":1,\"goods\":1}]", 504),
        new Exchange(HttpMethod.GET, "/players/alice", null, null, 504),
        new Exchange(HttpMethod.PUT, "/players/nobody", json, "{\"coins\":1,\"goods\":1}", 504),
        new Exchange(HttpMethod.DELETE, "/players/nobody", null, null, 504),
        new Exchange(HttpMethod.POST, "/trades", json, trade("alice", "nobody", 1, 1), 504),
        new Exchange(HttpMethod.GET, "/trades", null, null, 504),
        new Exchange(HttpMethod.GET, "/trades/" + tradeId, null, null, 504));

    Set<String> seen = new TreeSet<>();
    for (Exchange exchange : exchanges) {
      seen.add(check(service, exchange));
    }
    for (Exchange exchange : withoutDatabase) {
      seen.add(check(down, exchange));
    }
    for (String path : pathsWithOtherMethods) {
      seen.addAll(checkOtherMethod(service, HttpMethod.PATCH, path));
    }
    for (Operation operation : contract.operations()) {
      if (operation.getRequestBody() != null) {
        seen.add(checkUnfinishedBody(slowToRead, operation));
      }
    }
    seen.add(check(unscraped, new Exchange(HttpMethod.GET, "/metrics", null, null, 404)));
    try (EventStream only = EventStream.open(unscraped.vertx, unscraped.config.httpPort(), "/trades/stream")) {
      assertEquals(200, only.status());
      seen.add(check(unscraped, new Exchange(HttpMethod.GET, "/trades/stream", null, null, 503)));
    }
    // With authentication on: no token, and a token with every scope but the operation's own.
    for (Operation operation : contract.operations()) {
      List<String> scopes = bearerScopes(operation);
      if (!scopes.isEmpty()) {
        String path = operation.getOpenAPIPath().replace("{id}", "alice");
        String others = String.join(" ", ALL_SCOPES.stream().filter(s -> !scopes.contains(s)).toList());
        seen.add(check(guarded, new Exchange(operation.getHttpMethod(), path, null, null, 401)));
        seen.add(check(guarded, new Exchange(operation.getHttpMethod(), path, null, null, 403, null,
            "Bearer " + issuer.withScope(others))));
      }
    }
    Set<String> documented = documentedResponses();
    if (honoursLockTables()) {
      SqlConnection locker = service.database().getConnection().await();
      try {
        locker.query("LOCK TABLES player WRITE, trade WRITE").execute().await();
        for (Exchange exchange : pastTheDeadline) {
          seen.add(check(impatient, exchange));
        }
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
        awaitQuietDatabase();
      }
    } else {
      LoggerFactory.getLogger(OpenApiContractTest.class)
          .info("TiDB ignores LOCK TABLES by default: the documented 504s are not exercised");
      documented.removeIf(response -> response.endsWith(" 504"));
    }
    assertEquals(documented, seen, "documented responses never exercised, or the reverse");
  }

  /**
   * Each operation's scope in the contract is the one the service asks for: a token with just
   * that scope gets past authentication (whatever the request then answers); the operations
   * without a bearer requirement answer without a token.
   */
  @Test
  void theContractsScopesAreTheServices() {
    for (Operation operation : contract.operations()) {
      String path = operation.getOpenAPIPath().replace("{id}", "alice");
      List<String> scopes = bearerScopes(operation);
      String token = scopes.isEmpty() ? null : "Bearer " + issuer.withScope(String.join(" ", scopes));
      int status = STREAM.equals(operation.getOperationId()) ? streamStatus(guarded, path, token)
          : guarded.send(operation.getHttpMethod(), path, null, null, null, token).statusCode();
      assertTrue(status != 401 && status != 403, operation.getOperationId() + " with " + scopes + " → " + status);
    }
  }

  /** The status a stream answers with: its head is all there is to wait for. */
  private static int streamStatus(ServiceUnderTest target, String path, String authorization) {
    try (EventStream stream = EventStream.open(target.vertx, target.config.httpPort(), path,
        authorization == null ? Map.of() : Map.of("Authorization", authorization))) {
      return stream.status();
    }
  }

  /** The scopes an operation's bearer requirement lists; empty when it has none (it is open). */
  private static List<String> bearerScopes(Operation operation) {
    return operation.getSecurityRequirements().stream()
        .filter(requirement -> requirement.getNames().contains("bearer"))
        .map(requirement -> requirement.getScopes("bearer"))
        .findFirst().orElse(List.of());
  }

  /** The contract's id rules (the Id pattern, NewPlayer's exclusions) are the service's. */
  @Test
  void theContractAndTheServiceAcceptTheSameIds() {
    MediaType newPlayer = contract.operation("createPlayer").getRequestBody().getContent().get("application/json");
    var schema = contract.getSchemaRepository().validator(newPlayer.getSchema());
    List<String> ids = List.of("alice", "a b", "a\u00A0b", "\uD83D\uDE00", "Count", "trades", "...", "\uE000",
        "x".repeat(36), "\u00E9", "%00", "",
        "x".repeat(37), "nul\u0000", "\t", "a\u200Bb", "\uFEFFa", "a\u202Eb", "a\u2028b", "\uD800", "a\uDC00",
        "a ", " a", "a\u00A0", "\u3000a", "a\u2007", "count", "bulk", ".", "..");
    for (String id : ids) {
      JsonObject body = player(id, 1, 1);
      boolean documented = schema.validate(body).getValid();
      // Escaped, so that a lone surrogate reaches the service as sent.
      int status = service.post("/players", escaped(body.encode())).statusCode();
      assertEquals(documented ? 201 : 400, status, "id " + escaped('"' + id + '"'));
    }
  }

  /**
   * Waits until the statements that waited behind LOCK TABLES have run and no transaction is open:
   * they finish after their 504s, and must not land in the next test's emptied tables; and a
   * transaction that changed nothing (a trade's row locks before its rollback) still holds its
   * tables' metadata locks, which the next LOCK TABLES would wait on.
   */
  private static void awaitQuietDatabase() {
    // Not polled faster than every 100 ms: InnoDB refreshes INNODB_TRX only after such a pause (Locks).
    await("the statements behind the lock finished").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(150))
        .until(() -> service.database().query("SELECT (SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID())"
                + " + (SELECT COUNT(*) FROM information_schema.INNODB_TRX)")
            .execute().await().iterator().next().getLong(0) == 0);
  }

  private static String escaped(String json) {
    StringBuilder out = new StringBuilder();
    json.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return out.toString();
  }

  /** Sends one exchange, checks it against the contract, and names it as "operationId status". */
  private static String check(ServiceUnderTest target, Exchange exchange) {
    Operation operation = contract.findOperation(exchange.path().replaceFirst("\\?.*", ""), exchange.method());
    assertNotNull(operation, "not in the contract: " + exchange);
    if (STREAM.equals(operation.getOperationId()) && exchange.status() == 200) {
      return checkStream(target, operation, exchange);
    }
    HttpResponse<Buffer> response = target.send(exchange.method(), exchange.path(), exchange.contentType(),
        exchange.body() == null ? null : Buffer.buffer(exchange.body()), exchange.idempotencyKey(),
        exchange.authorization());
    String what = exchange + " → " + response.statusCode() + " " + response.bodyAsString();
    assertEquals(exchange.status(), response.statusCode(), what);
    if (exchange.status() < 300 && exchange.body() != null) {
      assertValidRequestBody(operation, exchange);
    }
    return validate(operation, response.statusCode(), response::getHeader, response.body(), what);
  }

  /** Opens the live feed, and checks its head and its first message (the stream does not end). */
  private static String checkStream(ServiceUnderTest target, Operation operation, Exchange exchange) {
    try (EventStream stream = EventStream.open(target.vertx, target.config.httpPort(), exchange.path())) {
      await("the stream's first message").atMost(Duration.ofSeconds(10)).until(() -> stream.retry() > 0);
      String what = exchange + " → " + stream.status() + " " + stream.received();
      assertEquals(exchange.status(), stream.status(), what);
      return validate(operation, stream.status(), stream.headers()::get, Buffer.buffer(stream.received()), what);
    }
  }

  /**
   * Sends {@code method}, which no operation of {@code path} has, and checks the 405 against
   * every operation of that path; names it for each of them.
   */
  private static Set<String> checkOtherMethod(ServiceUnderTest target, HttpMethod method, String path) {
    io.vertx.openapi.contract.Path documented = contract.findPath(path);
    assertNotNull(documented, "not in the contract: " + path);
    HttpResponse<Buffer> response = target.send(method, path, null, null);
    String what = method + " " + path + " → " + response.statusCode() + " " + response.bodyAsString();
    assertEquals(405, response.statusCode(), what);
    Set<String> seen = new TreeSet<>();
    for (Operation operation : documented.getOperations()) {
      assertNotEquals(method, operation.getHttpMethod(), what);
      seen.add(validate(operation, 405, response::getHeader, response.body(), what));
    }
    return seen;
  }

  /** Sends the head of a request of {@code operation} and half its body, which never ends: a 408. */
  private static String checkUnfinishedBody(ServiceUnderTest target, Operation operation) {
    String path = operation.getOpenAPIPath().replace("{id}", "alice");
    String answer;
    try (RawHttp client = RawHttp.connect(target.config.httpPort())) {
      answer = client.send(operation.getHttpMethod() + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{").readResponse();
    }
    String[] headAndBody = answer.split("\r\n\r\n", 2);
    List<String> lines = headAndBody[0].lines().toList();
    Map<String, String> headers = new HashMap<>(); // by lower-case name
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String what = operation.getHttpMethod() + " " + path + " with half its body → " + answer;
    int status = Integer.parseInt(lines.get(0).split(" ")[1]);
    assertEquals(408, status, what);
    UnaryOperator<String> header = name -> headers.get(name.toLowerCase(Locale.ROOT));
    return validate(operation, status, header, Buffer.buffer(headAndBody[1]), what);
  }

  /** Checks one response against what {@code operation} documents, and names it "operationId status". */
  private static String validate(Operation operation, int status, UnaryOperator<String> header, Buffer body,
      String what) {
    Response documented = operation.getResponse(status);
    assertNotNull(documented, "status not documented: " + what);
    Map<String, String> headers = new HashMap<>();
    for (Parameter documentedHeader : documented.getHeaders()) {
      String value = header.apply(documentedHeader.getName());
      if (value != null) {
        // vertx-openapi 5.0 reads a header value that is not a bare word as JSON, and cannot
        // read one holding a '"' (WWW-Authenticate's quoted realm) unless it is a JSON string.
        headers.put(documentedHeader.getName(), value.indexOf('"') >= 0 ? Json.encode(value) : value);
      }
    }
    String contentType = header.apply("Content-Type");
    ValidatableResponse validatable = contentType == null
        ? ValidatableResponse.create(status, headers)
        : ValidatableResponse.create(status, headers, body, mediaType(contentType));
    try {
      validator.validate(validatable, operation.getOperationId()).await();
    } catch (RuntimeException e) {
      throw new AssertionError("response breaks the contract: " + what + ": " + e.getMessage(), e);
    }
    return operation.getOperationId() + " " + status;
  }

  /** The contract keys media types without parameters (and problem+json and event-stream under their aliases). */
  private static String mediaType(String contentType) {
    String type = contentType.replaceFirst(";.*", "").trim();
    return type.equals(PROBLEM) ? PROBLEM_ALIAS : type.equals(EVENT_STREAM) ? EVENT_STREAM_ALIAS : type;
  }

  private static void assertValidRequestBody(Operation operation, Exchange exchange) {
    MediaType mediaType = operation.getRequestBody().getContent().get(exchange.contentType());
    Object body = Buffer.buffer(exchange.body()).toJsonValue();
    var result = contract.getSchemaRepository().validator(mediaType.getSchema()).validate(body);
    assertTrue(result.getValid(), "an accepted request breaks the contract: " + exchange + ": " + result.getErrors());
  }

  /** TiDB accepts LOCK TABLES but, unless enable-table-lock is set, locks nothing. */
  private static boolean honoursLockTables() {
    String version = service.database().query("SELECT VERSION()").execute().await().iterator().next().getString(0);
    return !version.contains("TiDB");
  }

  /** Every "operationId status" pair the contract lists. */
  private static Set<String> documentedResponses() {
    Set<String> documented = new TreeSet<>();
    JsonObject paths = contract.getRawContract().getJsonObject("paths");
    for (Operation operation : contract.operations()) {
      JsonObject responses = paths.getJsonObject(operation.getOpenAPIPath())
          .getJsonObject(operation.getHttpMethod().name().toLowerCase()).getJsonObject("responses");
      responses.fieldNames().stream().filter(key -> key.matches("\\d{3}")) // the rest is resolver bookkeeping
          .forEach(status -> documented.add(operation.getOperationId() + " " + status));
    }
    return documented;
  }

  private static String trade(String sell, String buy, int amount, int price) {
    return new JsonObject().put("sellId", sell).put("buyId", buy).put("amount", amount).put("price", price).encode();
  }

  /** One request and the status it must get; {@code idempotencyKey} null sends none. */
  private record Exchange(HttpMethod method, String path, String contentType, String body, int status,
      String idempotencyKey, String authorization) {
    Exchange(HttpMethod method, String path, String contentType, String body, int status) {
      this(method, path, contentType, body, status, null, null);
    }

    Exchange(HttpMethod method, String path, String contentType, String body, int status, String idempotencyKey) {
      this(method, path, contentType, body, status, idempotencyKey, null);
    }

    @Override
    public String toString() {
      String shown = body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body);
      return method + " " + path + shown + (idempotencyKey == null ? "" : " [Idempotency-Key " + idempotencyKey + "]");
    }
  }
}
