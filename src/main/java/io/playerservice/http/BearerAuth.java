package io.playerservice.http;

import io.playerservice.error.ApiError;
import io.playerservice.error.ApiError.Kind;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Bearer-token authentication (RFC 6750) for the data routes, when turned on: a JWT signed by a
 * configured key, not expired, with the scope its operation needs. It runs before the body is
 * read, so an unauthenticated client cannot make the service read or parse one.
 *
 * <p>Scopes come from the standard {@code scope} claim (space-separated, RFC 8693) or from
 * {@code scp} (an array or a space-separated string, as some identity providers issue them).
 */
public final class BearerAuth implements Handler<RoutingContext> {
  static final String PLAYERS_READ = "players:read";
  static final String PLAYERS_WRITE = "players:write";
  static final String TRADES_READ = "trades:read";
  static final String TRADES_WRITE = "trades:write";
  private static final String REALM = "Bearer realm=\"player-service\"";
  private static final String CHALLENGE = "wwwAuthenticate";

  private final JWTAuth tokens;

  public BearerAuth(JWTAuth tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String scope = requiredScope(ctx.request().method(), ctx.request().path());
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      // RFC 6750 3.1: a request with no credentials gets the challenge without an error code.
      refuse(ctx, Kind.UNAUTHORIZED, REALM, "a bearer token is required (Authorization: Bearer <JWT>)");
      return;
    }
    tokens.authenticate(new TokenCredentials(authorization.substring(7).trim())).onComplete(checked -> {
      if (checked.failed()) {
        refuse(ctx, Kind.UNAUTHORIZED, REALM + ", error=\"invalid_token\"",
            "the bearer token is invalid or expired");
      } else if (scope != null && !scopes(checked.result()).contains(scope)) {
        refuse(ctx, Kind.FORBIDDEN, REALM + ", error=\"insufficient_scope\", scope=\"" + scope + "\"",
            "the bearer token lacks the scope " + scope);
      } else {
        ctx.next();
      }
    });
  }

  /** The WWW-Authenticate challenge of a 401 or 403, for the renderer. */
  static String challenge(RoutingContext ctx) {
    String challenge = ctx.get(CHALLENGE);
    return challenge == null ? REALM : challenge;
  }

  /**
   * The scope an operation needs, as the contract lists it: reads of players and trades need
   * the {@code :read} scope, anything else on them the {@code :write} one. Other paths (unknown
   * ones) need a valid token and no scope, then answer 404 or 405.
   */
  static String requiredScope(HttpMethod method, String path) {
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (path.equals("/players") || path.startsWith("/players/")) {
      return read ? PLAYERS_READ : PLAYERS_WRITE;
    }
    if (path.equals("/trades") || path.startsWith("/trades/")) {
      return read ? TRADES_READ : TRADES_WRITE;
    }
    return null;
  }

  private static Set<String> scopes(User user) {
    JsonObject claims = user.principal();
    Set<String> scopes = new HashSet<>();
    for (String claim : new String[] {"scope", "scp"}) {
      Object value = claims.getValue(claim);
      if (value instanceof String text) {
        scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
      } else if (value instanceof JsonArray array) {
        array.forEach(item -> scopes.add(String.valueOf(item)));
      }
    }
    return scopes;
  }

  private static void refuse(RoutingContext ctx, Kind kind, String challenge, String detail) {
    ctx.put(CHALLENGE, challenge);
    ctx.fail(new ApiError(kind, detail));
  }
}
