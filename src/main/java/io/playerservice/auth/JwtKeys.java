package io.playerservice.auth;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The keys bearer tokens are verified with, read once at start: the PEM public key that
 * {@code AUTH_JWT_PUBLIC_KEY} names, or the JWKS at {@code AUTH_JWKS_URL}. Only public keys
 * (RSA or EC) are taken, so a token can never be verified with a shared secret.
 */
public final class JwtKeys {
  private static final long FETCH_TIMEOUT_MS = 10_000;

  private JwtKeys() {
  }

  /** The options for {@code JWTAuth.create}; fails with a one-line reason when there are no usable keys. */
  public static Future<JWTAuthOptions> load(Vertx vertx, ServiceConfig config) {
    if (!config.authJwtPublicKey().isEmpty()) {
      return vertx.fileSystem().readFile(config.authJwtPublicKey()).map(pem -> fromPem(pem.toString()))
          .recover(e -> Future.failedFuture(new IllegalStateException(
              "AUTH_JWT_PUBLIC_KEY (" + config.authJwtPublicKey() + "): " + e.getMessage(), e)));
    }
    WebClient client = WebClient.create(vertx);
    return client.getAbs(config.authJwksUrl()).timeout(FETCH_TIMEOUT_MS).send()
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("answered " + response.statusCode());
          }
          return fromJwks(response.bodyAsJsonObject());
        })
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "AUTH_JWKS_URL (" + config.authJwksUrl() + "): " + e.getMessage(), e)))
        .onComplete(done -> client.close());
  }

  /**
   * An RSA key verifies RS256 tokens; an EC key ES256, ES384 or ES512 by its curve (P-256,
   * P-384, P-521), as RFC 7518 pairs them.
   */
  static JWTAuthOptions fromPem(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    if (!pem.contains("-----BEGIN PUBLIC KEY-----") || base64.isEmpty()) {
      throw new IllegalArgumentException("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
    String algorithm;
    try {
      KeyFactory.getInstance("RSA").generatePublic(spec);
      algorithm = "RS256";
    } catch (GeneralSecurityException notRsa) {
      try {
        ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        algorithm = bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
      } catch (GeneralSecurityException notEc) {
        throw new IllegalArgumentException("neither an RSA nor an EC public key");
      }
    }
    return new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem));
  }

  static JWTAuthOptions fromJwks(JsonObject jwks) {
    JsonArray keys = jwks.getJsonArray("keys", new JsonArray());
    List<JsonObject> usable = keys.stream()
        .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .filter(key -> List.of("RSA", "EC").contains(key.getString("kty")))
        .filter(key -> !"enc".equals(key.getString("use")))
        .toList();
    if (usable.isEmpty()) {
      throw new IllegalStateException("the JWKS holds no RSA or EC signing key");
    }
    return new JWTAuthOptions().setJwks(usable);
  }
}
