package io.playerservice.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bearer tokens from an identity provider, as a Keycloak realm or an Auth0 tenant issues them:
 * the test serves the provider's JWKS itself, with keys made here, and changes, withdraws or
 * stops serving them while the service runs.
 */
class IdentityProviderTest extends ApiTest {
  private static final String ISSUER = "https://idp.example/realms/games";
  private static final String AUDIENCE = "player-service";
  private static final String INVALID = "Bearer realm=\"player-service\", error=\"invalid_token\"";

  /** The JWKS the provider serves; null: it answers 503. */
  private final AtomicReference<JsonObject> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger keysLog = (Logger) LoggerFactory.getLogger(SigningKeys.class);
  private HttpServer provider;

  @BeforeEach
  void startTheProvider() {
    provider = service.vertx.createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      JsonObject jwks = published.get();
      if (jwks == null) {
        request.response().setStatusCode(503).end();
      } else {
        request.response().putHeader("Content-Type", "application/json").end(jwks.encode());
      }
    }).listen(0, "127.0.0.1").await();
    logged.start();
    keysLog.addAppender(logged);
  }

  @AfterEach
  void stopTheProvider() {
    keysLog.detachAppender(logged);
    provider.close().await();
  }

  @Test
  void onlyTokensThatTheProviderIssuedForThisServiceAreAccepted() {
    TestTokens keys = TestTokens.rsa(service.vertx, "key-1");
    published.set(keys.jwks());
    try (ServiceUnderTest guarded = start(new JsonObject())) {
      assertEquals(200, count(guarded, keys.sign(claims(), 300)).statusCode());
      JsonObject audiences = claims().put("aud", new JsonArray().add("billing").add(AUDIENCE));
      assertEquals(200, count(guarded, keys.sign(audiences, 300)).statusCode(), "one audience of several");

      assertRefused(count(guarded, keys.sign(claims().put("iss", "https://idp.example/realms/other"), 300)));
      assertRefused(count(guarded, keys.sign(without("iss"), 300)));
      assertRefused(count(guarded, keys.sign(claims().put("aud", "billing"), 300)));
      assertRefused(count(guarded, keys.sign(without("aud"), 300)));
      assertRefused(count(guarded, TestTokens.unsigned(claims())));
      assertRefused(count(guarded, keys.hmacWithThePublicKey(claims().put("exp", inSeconds(300)))));
      assertRefused(count(guarded, keys.sign(claims(), 0)), "a token without exp");

      assertEquals(200, count(guarded, keys.sign(claims().put("exp", inSeconds(-10)), 0)).statusCode(),
          "expired 10 s ago: within the 30 s leeway");
      assertRefused(count(guarded, keys.sign(claims().put("exp", inSeconds(-60)), 0)));
      assertEquals(1, fetches.get(), "refused tokens make the service fetch nothing");
    }
  }

  @Test
  void aKeyRotatedAtTheProviderVerifiesWithoutARestart() {
    TestTokens first = TestTokens.rsa(service.vertx, "key-1");
    published.set(first.jwks());
    try (ServiceUnderTest guarded = start(new JsonObject())) {
      assertAllAccepted(guarded, first.sign(claims(), 300));

      TestTokens second = TestTokens.ec(service.vertx, "key-2");
      published.set(TestTokens.jwks(first, second));
      assertEquals(200, count(guarded, second.sign(claims(), 300)).statusCode(), "the new key, fetched as named");
      assertEquals(2, fetches.get());
      assertAllAccepted(guarded, second.sign(claims(), 300));
      assertAllAccepted(guarded, first.sign(claims(), 300));

      // Tokens naming keys the provider never had: no more than one fetch per interval, however many.
      TestTokens forger = TestTokens.rsa(service.vertx, "key-3");
      for (int i = 0; i < 5; i++) {
        assertRefused(count(guarded, forger.sign(claims(), 300)));
      }
      assertEquals(2, fetches.get(), "the last fetch for an unknown key was less than "
          + SigningKeys.UNKNOWN_KEY_INTERVAL_MS + " ms ago");
    }
  }

  @Test
  void aProviderThatIsDownKeepsTheLastGoodKeys() {
    TestTokens first = TestTokens.rsa(service.vertx, "key-1");
    published.set(first.jwks());
    try (ServiceUnderTest guarded = start(new JsonObject().put("AUTH_JWKS_REFRESH_SECONDS", 1))) {
      published.set(null);
      int before = fetches.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() >= before + 2);
      assertEquals(200, count(guarded, first.sign(claims(), 300)).statusCode(), "the last good keys");
      assertEquals(1, warnings(), "one WARN for the failures in a row");

      TestTokens second = TestTokens.ec(service.vertx, "key-2");
      published.set(second.jwks()); // back, with the first key withdrawn
      await().atMost(Duration.ofSeconds(10)).until(() -> count(guarded, first.sign(claims(), 300)).statusCode() == 401);
      assertEquals(200, count(guarded, second.sign(claims(), 300)).statusCode());
      published.set(null);
      int again = fetches.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() >= again + 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> warnings() == 2);
      assertEquals(200, count(guarded, second.sign(claims(), 300)).statusCode());
    }
  }

  private ServiceUnderTest start(JsonObject settings) {
    return ServiceUnderTest.start(new JsonObject()
        .put("AUTH_JWKS_URL", "http://127.0.0.1:" + provider.actualPort() + "/realms/games/certs")
        .put("AUTH_JWT_ISSUER", ISSUER).put("AUTH_JWT_AUDIENCE", AUDIENCE).put("VERTICLE_INSTANCES", 2)
        .mergeIn(settings));
  }

  /** The claims of a token the provider issued for this service, with the scope of the count. */
  private static JsonObject claims() {
    return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "tester").put("scope", "players:read");
  }

  private static JsonObject without(String claim) {
    JsonObject claims = claims();
    claims.remove(claim);
    return claims;
  }

  private static long inSeconds(long seconds) {
    return System.currentTimeMillis() / 1000 + seconds;
  }

  private long warnings() {
    return logged.list.stream().filter(event -> event.getLevel() == Level.WARN).count();
  }

  /** Accepted on every verticle instance: requests at once take several connections, which the instances share. */
  private static void assertAllAccepted(ServiceUnderTest target, String token) {
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(target.client().get("/players/count").putHeader("Authorization", "Bearer " + token).send());
    }
    Future.all(calls).await();
    for (Future<HttpResponse<Buffer>> call : calls) {
      assertEquals(200, call.result().statusCode());
    }
  }

  private static HttpResponse<Buffer> count(ServiceUnderTest target, String token) {
    return target.client().get("/players/count").putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertRefused(response, "");
  }

  private static void assertRefused(HttpResponse<Buffer> response, String what) {
    assertProblem(response, 401);
    assertEquals(INVALID, response.getHeader("WWW-Authenticate"), what);
  }
}
