package io.playerservice.http;

import io.playerservice.auth.BearerTokens;
import io.playerservice.auth.TokenVerifier;
import io.playerservice.error.ApiError;
import io.playerservice.error.ApiError.Kind;
import io.playerservice.operation.Operation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Bearer-token authentication (RFC 6750) for the data routes, when turned on: a JWT that
 * {@link TokenVerifier} accepts, with every scope the contract gives the request's operation. It
 * runs before the body is read, so an unauthenticated client cannot make the service read one.
 *
 * <p>Not vertx-web's JWTAuthHandler: it has no RFC 6750 error codes in its challenges, answers a
 * malformed token 400 where RFC 6750 says 401 {@code invalid_token}, reads only the {@code scope}
 * claim, and takes one fixed list of scopes where each operation has its own.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String REALM = "Bearer realm=\"player-service\"";
  private static final String SCHEME = "Bearer ";
  private static final String CHALLENGE = "wwwAuthenticate";

  private final BearerTokens tokens;
  private final TokenVerifier verifier;

  /** For the verticle instance on whose context it is made: its tokens are verified there. */
  public BearerAuth(Vertx vertx, BearerTokens tokens) {
    this.tokens = tokens;
    this.verifier = tokens.verifier(vertx);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      // RFC 6750 3.1: a request with no credentials gets the challenge without an error code.
      refuse(ctx, Kind.UNAUTHORIZED, REALM, "a bearer token is required (Authorization: Bearer <JWT>)");
      return;
    }
    Operation operation = DataRequest.resolve(ctx);
    // Unknown paths need a valid token and no scope, then answer 404 or 405.
    List<String> needed = operation == null ? List.of() : tokens.scopes(operation);
    Future<User> checked = verifier.verify(authorization.substring(SCHEME.length()).trim());
    HttpServerRequest request = ctx.request();
    // Only a token naming a new key waits (for the JWKS); the body must not flow meanwhile.
    boolean paused = !checked.isComplete() && !request.isEnded();
    if (paused) {
      request.pause();
    }
    checked.onComplete(verified -> {
      if (paused) {
        request.resume();
      }
      if (verified.failed()) {
        refuse(ctx, Kind.UNAUTHORIZED, REALM + ", error=\"invalid_token\"", "the bearer token is invalid or expired");
      } else if (!TokenVerifier.scopes(verified.result()).containsAll(needed)) {
        String scope = String.join(" ", needed);
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

  private static void refuse(RoutingContext ctx, Kind kind, String challenge, String detail) {
    ctx.put(CHALLENGE, challenge);
    ctx.fail(new ApiError(kind, detail));
  }
}
