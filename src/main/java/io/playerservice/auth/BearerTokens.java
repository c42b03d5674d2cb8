package io.playerservice.auth;

import io.playerservice.config.ServiceConfig;
import io.playerservice.operation.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;

import java.util.List;
import java.util.Map;

/**
 * Bearer-token authentication as a deployment sets it up once at start: the signing keys, shared
 * by every verticle instance and kept fresh; the claims a token must carry (issuer and audience
 * when set, times within the leeway); and each operation's scopes, from the contract. Each
 * instance verifies tokens with a {@link TokenVerifier} of its own.
 */
public final class BearerTokens {
  private final SigningKeys keys;
  private final JWTOptions claims;
  private final Map<Operation, List<String>> scopes;
  private final String source;

  private BearerTokens(SigningKeys keys, JWTOptions claims, Map<Operation, List<String>> scopes, String source) {
    this.keys = keys;
    this.claims = claims;
    this.scopes = scopes;
    this.source = source;
  }

  /** Loads the keys and reads the scopes; fails with a one-line reason when either is unusable. */
  public static Future<BearerTokens> start(Vertx vertx, ServiceConfig config) {
    Map<Operation, List<String>> scopes;
    try {
      scopes = OperationScopes.fromContract();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    JWTOptions claims = new JWTOptions().setLeeway(config.authJwtLeewaySeconds());
    if (!config.authJwtIssuer().isEmpty()) {
      claims.setIssuer(config.authJwtIssuer());
    }
    if (!config.authJwtAudience().isEmpty()) {
      claims.setAudience(List.of(config.authJwtAudience()));
    }
    String source = config.authJwtPublicKey().isEmpty() ? "the JWKS at " + config.authJwksUrl()
        : "the public key in " + config.authJwtPublicKey();
    return SigningKeys.load(vertx, config).map(keys -> new BearerTokens(keys, claims, scopes, source));
  }

  /** A verifier for the calling verticle instance, on its own context. */
  public TokenVerifier verifier(Vertx vertx) {
    return new TokenVerifier(vertx, keys, claims);
  }

  /** The scopes a token must all grant for {@code operation}. */
  public List<String> scopes(Operation operation) {
    return scopes.get(operation);
  }

  /** What verifies the tokens and what they must carry, for the start's log line. */
  @Override
  public String toString() {
    return source + (claims.getIssuer() == null ? "" : ", issuer " + claims.getIssuer())
        + (claims.getAudience() == null ? "" : ", audience " + claims.getAudience().get(0))
        + ", leeway " + claims.getLeeway() + " s";
  }

  /** Stops the background fetches of the JWKS. */
  public void close() {
    keys.close();
  }
}
