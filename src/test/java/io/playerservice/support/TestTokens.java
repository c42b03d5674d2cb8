package io.playerservice.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An issuer of bearer tokens for tests: a key pair made here, its public key as PEM (for
 * AUTH_JWT_PUBLIC_KEY) or as a JWKS (for AUTH_JWKS_URL), and tokens signed with its private key.
 */
public final class TestTokens {
  private final KeyPair keys;
  private final String algorithm;
  private final String kid;
  private final JWTAuth signer;

  private TestTokens(Vertx vertx, KeyPair keys, String algorithm, String kid) {
    this.keys = keys;
    this.algorithm = algorithm;
    this.kid = kid;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm(algorithm).setId(kid).setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
  }

  /** RS256 with a new 2048-bit RSA key. */
  public static TestTokens rsa(Vertx vertx) {
    return new TestTokens(vertx, generate("RSA", null), "RS256", "test-rsa");
  }

  /** ES256 with a new P-256 key. */
  public static TestTokens ec(Vertx vertx) {
    return new TestTokens(vertx, generate("EC", new ECGenParameterSpec("secp256r1")), "ES256", "test-ec");
  }

  /** A token with these scopes (the {@code scope} claim, space-separated), valid for 5 minutes. */
  public String withScope(String scope) {
    return sign(new JsonObject().put("sub", "tester").put("scope", scope), 300);
  }

  /** A token with these claims, expiring in {@code seconds} (0: whatever {@code exp} the claims hold). */
  public String sign(JsonObject claims, int seconds) {
    return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds(seconds));
  }

  /** The public key as a PEM file in {@code dir}, for AUTH_JWT_PUBLIC_KEY. */
  public Path publicKeyPem(Path dir) {
    try {
      return Files.writeString(dir.resolve(kid + ".pem"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The RSA public key as a JWKS document, as an identity provider serves it. */
  public JsonObject jwks() {
    RSAPublicKey rsa = (RSAPublicKey) keys.getPublic();
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject()
        .put("kty", "RSA").put("use", "sig").put("alg", algorithm).put("kid", kid)
        .put("n", base64Url(rsa.getModulus())).put("e", base64Url(rsa.getPublicExponent()))));
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) { // the sign byte is not part of the JWK value
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static KeyPair generate(String type, ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (curve != null) {
        generator.initialize(curve);
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
