package io.playerservice.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An identity provider's JSON Web Key Set (RFC 7517) at {@code AUTH_JWKS_URL}: fetched over HTTP
 * and reduced to the signing keys of an algorithm on {@link TokenHeader#ALGORITHMS}.
 */
final class Jwks {
  private static final long FETCH_TIMEOUT_MS = 10_000;
  /** The algorithm of an EC key that names none, by its curve, as RFC 7518 3.4 pairs them. */
  private static final Map<String, String> EC_ALGORITHMS = Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");

  private final WebClient client;
  private final String url;

  Jwks(WebClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /** The usable keys the provider serves now; fails with a short reason, also when there are none. */
  Future<List<JsonObject>> fetch() {
    return client.getAbs(url).timeout(FETCH_TIMEOUT_MS).send().map(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("answered " + response.statusCode());
      }
      return usable(response.bodyAsJsonObject());
    });
  }

  String url() {
    return url;
  }

  void close() {
    client.close();
  }

  /**
   * The signing keys of {@code jwks} this service verifies with: RSA, EC and OKP keys whose
   * {@code alg}, when they name one, is on the allow-list; an EC key without one gets its curve's.
   */
  static List<JsonObject> usable(JsonObject jwks) {
    JsonArray keys = jwks.getJsonArray("keys", new JsonArray());
    List<JsonObject> usable = keys.stream()
        .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .filter(key -> key.getString("use") == null || "sig".equals(key.getString("use")))
        .map(Jwks::withAlgorithm)
        .filter(Objects::nonNull)
        .toList();
    if (usable.isEmpty()) {
      throw new IllegalStateException("the JWKS holds no RSA, EC or EdDSA signing key");
    }
    return usable;
  }

  /** The key with the algorithm it verifies, or null when that is none this service accepts. */
  private static JsonObject withAlgorithm(JsonObject key) {
    Object kty = key.getValue("kty");
    String algorithm = key.getValue("alg") instanceof String named ? named
        : "RSA".equals(kty) ? "RS256"
        : "EC".equals(kty) ? EC_ALGORITHMS.get(key.getString("crv"))
        : "OKP".equals(kty) ? "EdDSA" : null;
    boolean fits = algorithm != null && switch (String.valueOf(kty)) {
      case "RSA" -> algorithm.startsWith("RS") || algorithm.startsWith("PS");
      case "EC" -> algorithm.startsWith("ES");
      case "OKP" -> algorithm.equals("EdDSA");
      default -> false;
    };
    return fits && TokenHeader.ALGORITHMS.contains(algorithm) ? key.copy().put("alg", algorithm) : null;
  }
}
