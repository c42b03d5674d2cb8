package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bearer-token authentication, turned on with a public key the test makes: 401 without a valid
 * token, 403 without the operation's scope, and health, metrics and the contract still open.
 */
class AuthTest extends ApiTest {
  private static final String REALM = "Bearer realm=\"player-service\"";
  private static TestTokens issuer;
  private static ServiceUnderTest guarded;

  @BeforeAll
  static void startWithAPublicKey(@TempDir Path dir) {
    issuer = TestTokens.rsa(service.vertx);
    guarded = ServiceUnderTest.start(new JsonObject().put("AUTH_JWT_PUBLIC_KEY", issuer.publicKeyPem(dir).toString()));
  }

  @AfterAll
  static void stop() {
    guarded.close();
  }

  @Test
  void withoutAValidTokenADataRequestIs401() {
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", null), 401, REALM);
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", "Basic dXNlcjpwYXNz"), 401, REALM);
    String invalid = REALM + ", error=\"invalid_token\"";
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", "Bearer not.a.jwt"), 401, invalid);
    String otherIssuer = TestTokens.rsa(service.vertx).withScope("players:read");
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", "Bearer " + otherIssuer), 401, invalid);
    long past = System.currentTimeMillis() / 1000 - 120;
    String expired = issuer.sign(new JsonObject().put("scope", "players:read").put("exp", past), 0);
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", "Bearer " + expired), 401, invalid);
    String unsigned = TestTokens.unsigned(new JsonObject().put("scope", "players:read"));
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", "Bearer " + unsigned), 401, invalid);
    String hmac = issuer.hmacWithThePublicKey(new JsonObject().put("scope", "players:read").put("exp", past + 600));
    assertRefused(call(guarded, HttpMethod.GET, "/players/count", "Bearer " + hmac), 401, invalid);
  }

  @Test
  void eachOperationNeedsItsScope() {
    String reader = "Bearer " + issuer.withScope("players:read trades:read");
    String writer = "Bearer " + issuer.withScope("players:write");
    String trader = "Bearer " + issuer.sign(new JsonObject().put("scp", new JsonArray().add("trades:write")), 300);

    HttpResponse<Buffer> refused = call(guarded, HttpMethod.POST, "/players", reader, player("a", 10, 10));
    assertRefused(refused, 403, REALM + ", error=\"insufficient_scope\", scope=\"players:write\"");
    assertEquals(404, call(guarded, HttpMethod.GET, "/players/a", reader).statusCode(), "a 403 changes nothing");

    assertEquals(201, call(guarded, HttpMethod.POST, "/players", writer, player("a", 10, 10)).statusCode());
    assertEquals(201, call(guarded, HttpMethod.POST, "/players", writer, player("b", 10, 10)).statusCode());
    assertEquals(200, call(guarded, HttpMethod.PUT, "/players/b", writer, new JsonObject().put("coins", 20).put("goods", 10))
        .statusCode());
    assertRefused(call(guarded, HttpMethod.GET, "/players/a", writer), 403,
        REALM + ", error=\"insufficient_scope\", scope=\"players:read\"");
    assertEquals(200, call(guarded, HttpMethod.GET, "/players/a", reader).statusCode());

    JsonObject trade = new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 1);
    assertRefused(call(guarded, HttpMethod.POST, "/trades", writer, trade), 403,
        REALM + ", error=\"insufficient_scope\", scope=\"trades:write\"");
    assertEquals(200, call(guarded, HttpMethod.POST, "/trades", trader, trade).statusCode());
    assertRefused(call(guarded, HttpMethod.GET, "/trades", trader), 403,
        REALM + ", error=\"insufficient_scope\", scope=\"trades:read\"");
    assertEquals(200, call(guarded, HttpMethod.GET, "/trades?player=a", reader).statusCode());
    assertEquals(204, call(guarded, HttpMethod.DELETE, "/players/b", writer).statusCode());
  }

  @Test
  void healthMetricsAndTheContractStayOpen() {
    for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/openapi.yaml"}) {
      assertEquals(200, call(guarded, HttpMethod.GET, path, null).statusCode(), path);
    }
  }

  @Test
  void anEcKeyAndAJwksUrlWorkToo(@TempDir Path dir) {
    TestTokens ec = TestTokens.ec(service.vertx);
    try (ServiceUnderTest byEc = ServiceUnderTest.start(
        new JsonObject().put("AUTH_JWT_PUBLIC_KEY", ec.publicKeyPem(dir).toString()))) {
      assertEquals(200, call(byEc, HttpMethod.GET, "/players/count", "Bearer " + ec.withScope("players:read")).statusCode());
      assertRefused(call(byEc, HttpMethod.GET, "/players/count", "Bearer " + issuer.withScope("players:read")), 401,
          REALM + ", error=\"invalid_token\"");
    }
    HttpServer jwks = service.vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
            .end(issuer.jwks().encode()))
        .listen(0, "127.0.0.1").await();
    try (ServiceUnderTest byJwks = ServiceUnderTest.start(new JsonObject()
        .put("AUTH_JWKS_URL", "http://127.0.0.1:" + jwks.actualPort() + "/.well-known/jwks.json")
        .put("AUTH_JWT_ISSUER", "https://issuer.example/").put("AUTH_JWT_AUDIENCE", "player-service"))) {
      JsonObject claims = new JsonObject().put("scope", "players:read").put("iss", "https://issuer.example/")
          .put("aud", "player-service");
      assertEquals(200, call(byJwks, HttpMethod.GET, "/players/count", "Bearer " + issuer.sign(claims.copy(), 300))
          .statusCode());
      assertRefused(call(byJwks, HttpMethod.GET, "/players/count", "Bearer " + ec.sign(claims.copy(), 300)), 401,
          REALM + ", error=\"invalid_token\"");
    } finally {
      jwks.close().await();
    }
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String challenge) {
    assertProblem(response, status);
    assertEquals(challenge, response.getHeader("WWW-Authenticate"));
  }

  private static HttpResponse<Buffer> call(ServiceUnderTest target, HttpMethod method, String path, String authorization) {
    return call(target, method, path, authorization, null);
  }

  private static HttpResponse<Buffer> call(ServiceUnderTest target, HttpMethod method, String path, String authorization,
      JsonObject body) {
    var request = target.client().request(method, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }
}
