package io.playerservice.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies bearer tokens on one event loop. vertx-auth-jwt checks the signature, the issuer, the
 * audience and the times, with a provider of this loop's own, built from the shared keys and
 * built again when they change. This adds what it lacks: the allow-list of algorithms, a required
 * {@code exp} (RFC 9068 2.2), and fetching the keys again when a token names one they lack.
 */
public final class TokenVerifier {
  private final Vertx vertx;
  private final Context loop;
  private final SigningKeys keys;
  private final JWTOptions claims;
  private SigningKeys.KeySet builtFrom;
  private JWTAuth provider;

  /** Verifies on the caller's context, which every {@link #verify} future completes on. */
  TokenVerifier(Vertx vertx, SigningKeys keys, JWTOptions claims) {
    this.vertx = vertx;
    this.loop = vertx.getOrCreateContext();
    this.keys = keys;
    this.claims = claims;
  }

  /**
   * The user a valid token stands for, or a failure with the reason. Completes at once unless the
   * token names a key the keys lack, which are then fetched again first.
   */
  public Future<User> verify(String token) {
    TokenHeader header;
    try {
      header = TokenHeader.of(token);
    } catch (IllegalArgumentException refused) {
      return Future.failedFuture(refused);
    }
    if (header.keyId() == null || keys.current().holds(header.keyId())) {
      return authenticate(token);
    }
    Promise<Void> fetched = Promise.promise();
    keys.fetchForUnknownKey().onComplete(done -> loop.runOnContext(v -> fetched.complete()));
    return fetched.future().compose(v -> authenticate(token));
  }

  /**
   * The scopes a verified token grants: the {@code scope} claim, space-separated (RFC 8693), and
   * {@code scp}, an array or a space-separated string, as some identity providers issue them.
   */
  public static Set<String> scopes(User user) {
    Set<String> scopes = new HashSet<>();
    for (String claim : new String[] {"scope", "scp"}) {
      Object value = user.principal().getValue(claim);
      if (value instanceof String text && !text.isBlank()) {
        scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
      } else if (value instanceof JsonArray array) {
        array.forEach(item -> scopes.add(String.valueOf(item)));
      }
    }
    return scopes;
  }

  private Future<User> authenticate(String token) {
    SigningKeys.KeySet current = keys.current();
    if (current != builtFrom) {
      provider = JWTAuth.create(vertx, new JWTAuthOptions(current.options()).setJWTOptions(claims));
      builtFrom = current;
    }
    try {
      return provider.authenticate(new TokenCredentials(token)).compose(user -> user.attributes().containsKey("exp")
          ? Future.succeededFuture(user) : Future.failedFuture("the token has no exp"));
    } catch (RuntimeException malformedClaim) { // such as a non-numeric exp, which the provider reads unguarded
      return Future.failedFuture(malformedClaim);
    }
  }
}
