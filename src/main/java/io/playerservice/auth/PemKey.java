package io.playerservice.auth;

import io.vertx.ext.auth.PubSecKeyOptions;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The key of {@code AUTH_JWT_PUBLIC_KEY}: a PEM public key, with the one algorithm it verifies. */
final class PemKey {
  private PemKey() {
  }

  /**
   * An RSA key verifies RS256 tokens; an EC key ES256, ES384 or ES512 by its curve (P-256,
   * P-384, P-521), as RFC 7518 pairs them; an Ed25519 or Ed448 key EdDSA (RFC 8037).
   *
   * @throws IllegalArgumentException when the text is no public key of these kinds
   */
  static PubSecKeyOptions options(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    if (!pem.contains("-----BEGIN PUBLIC KEY-----") || base64.isEmpty()) {
      throw new IllegalArgumentException("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
    PublicKey key = decode(spec);
    String algorithm = "EdDSA";
    if (key instanceof RSAPublicKey) {
      algorithm = "RS256";
    } else if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      algorithm = bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
    }
    return new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem);
  }

  private static PublicKey decode(X509EncodedKeySpec spec) {
    for (String type : new String[] {"RSA", "EC", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(spec);
      } catch (GeneralSecurityException notThisType) {
        // the next type, then the reason below
      }
    }
    throw new IllegalArgumentException("neither an RSA, an EC nor an EdDSA public key");
  }
}
