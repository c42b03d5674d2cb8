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
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An issuer of bearer tokens for tests: a key pair made here, its public key as PEM (for
 * AUTH_JWT_PUBLIC_KEY) or as a JWK (for a JWKS at AUTH_JWKS_URL), and tokens signed with its
 * private key, or forged with it in the ways a service must refuse.
 */
public final class TestTokens {
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

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
    return rsa(vertx, "test-rsa");
  }

  /** RS256 with a new 2048-bit RSA key, whose id is {@code kid}. */
  public static TestTokens rsa(Vertx vertx, String kid) {
    return new TestTokens(vertx, generate("RSA", null), "RS256", kid);
  }

  /** ES256 with a new P-256 key. */
  public static TestTokens ec(Vertx vertx) {
    return ec(vertx, "test-ec");
  }

  /** ES256 with a new P-256 key, whose id is {@code kid}. */
  public static TestTokens ec(Vertx vertx, String kid) {
    return new TestTokens(vertx, generate("EC", new ECGenParameterSpec("secp256r1")), "ES256", kid);
  }

  /** A token with no signature at all ({@code alg: none}), which no service may accept. */
  public static String unsigned(JsonObject claims) {
    return BASE64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
        + BASE64.encodeToString(claims.encode().getBytes()) + ".";
  }

  /**
   * A token that names this key but is signed with HS256, the public key's PEM text as the HMAC
   * secret: what a verifier that takes the algorithm from the token would accept (RFC 8725 2.1).
   */
  public String hmacWithThePublicKey(JsonObject claims) {
    String signed = BASE64.encodeToString(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kid)
        .encode().getBytes()) + "." + BASE64.encodeToString(claims.encode().getBytes());
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(pem("PUBLIC KEY", keys.getPublic().getEncoded()).getBytes(), "HmacSHA256"));
      return signed + "." + BASE64.encodeToString(hmac.doFinal(signed.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

  /** The public key as a JWKS document of one key, as an identity provider serves it. */
  public JsonObject jwks() {
    return jwks(this);
  }

  /** A JWKS document of these issuers' public keys. */
  public static JsonObject jwks(TestTokens... issuers) {
    JsonArray keys = new JsonArray();
    for (TestTokens issuer : issuers) {
      keys.add(issuer.jwk());
    }
    return new JsonObject().put("keys", keys);
  }

  /** The public key as a JWK (RFC 7517, RFC 7518 6.2 and 6.3). */
  public JsonObject jwk() {
    JsonObject jwk = new JsonObject().put("use", "sig").put("alg", algorithm).put("kid", kid);
    if (keys.getPublic() instanceof RSAPublicKey rsa) {
      return jwk.put("kty", "RSA").put("n", base64Url(rsa.getModulus(), 0))
          .put("e", base64Url(rsa.getPublicExponent(), 0));
    }
    ECPublicKey ec = (ECPublicKey) keys.getPublic();
    return jwk.put("kty", "EC").put("crv", "P-256").put("x", base64Url(ec.getW().getAffineX(), 32))
        .put("y", base64Url(ec.getW().getAffineY(), 32));
  }

  /** The value's unsigned big-endian bytes, left-padded to {@code length} (0: as many as it needs). */
  private static String base64Url(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) { // the sign byte is not part of the JWK value
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length < length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return BASE64.encodeToString(bytes);
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
