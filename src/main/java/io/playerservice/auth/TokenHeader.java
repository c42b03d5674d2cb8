package io.playerservice.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Set;

/**
 * A token's protected header, read before its signature is checked: the algorithm, which must be
 * on the allow-list, and the id of the key that signed it. The algorithm is never taken on the
 * token's word (RFC 8725 3.1): {@code none}, and HMAC, which would verify with a public key used
 * as the shared secret, are refused before any key is looked at.
 */
record TokenHeader(String algorithm, String keyId) {
  /** Asymmetric signatures only: RSA (RFC 7518), ECDSA on P-256/384/521, and EdDSA (RFC 8037). */
  static final Set<String> ALGORITHMS = Set.of(
      "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  /**
   * The header of a JWS in compact form.
   *
   * @throws IllegalArgumentException with the reason the token is refused
   */
  static TokenHeader of(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new IllegalArgumentException("not a signed JWT (three parts separated by dots)");
    }
    JsonObject header;
    try {
      header = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(0, first))));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the JWT header is not base64url-encoded JSON");
    }
    if (!(header.getValue("alg") instanceof String algorithm) || !ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("the algorithm " + header.getValue("alg") + " is not accepted");
    }
    // RFC 7515 4.1.11: a token may not be accepted when it needs extensions this service does not know.
    if (header.containsKey("crit")) {
      throw new IllegalArgumentException("the JWT names critical header parameters (crit)");
    }
    return new TokenHeader(algorithm, header.getValue("kid") instanceof String kid ? kid : null);
  }
}
