package io.playerservice.support;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificate authorities and server certificates made on the spot, written as PEM files, so the
 * TLS tests need no files checked in and no openssl.
 */
public final class Certificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private Certificates() {
  }

  /** A CA that signs server certificates; {@link #certificate()} is what a client trusts. */
  public record Authority(X500Name name, KeyPair keys, Path certificate) {
    /**
     * A server certificate naming these DNS names (and nothing else), signed by this CA.
     *
     * @return the certificate and its private key, as PEM files in {@code dir}
     */
    public ServerFiles issue(Path dir, String... dnsNames) {
      KeyPair serverKeys = rsaKeys();
      String dnsName = dnsNames[0];
      var builder = new JcaX509v3CertificateBuilder(name, nextSerial(), notBefore(), notAfter(),
          new X500Name("CN=" + dnsName), serverKeys.getPublic());
      GeneralName[] names = Arrays.stream(dnsNames)
          .map(dns -> new GeneralName(GeneralName.dNSName, dns)).toArray(GeneralName[]::new);
      try {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509CertificateHolder holder = builder.build(signer(keys));
        Path cert = write(dir.resolve(dnsName + "-cert.pem"), holder);
        Path key = write(dir.resolve(dnsName + "-key.pem"), serverKeys.getPrivate());
        return new ServerFiles(cert, key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A PKCS#12 trust store holding only {@code authority}'s certificate, for a JVM whose "system"
   * trust is meant to include it ({@code -Djavax.net.ssl.trustStore}).
   */
  public static Path trustStore(Authority authority, Path file, String password) {
    try (InputStream in = Files.newInputStream(authority.certificate());
         OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      store.store(out, password.toCharArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server's certificate and private key. */
  public record ServerFiles(Path certificate, Path key) {
  }

  /** A new self-signed CA named {@code CN=<commonName>}, its certificate written into {@code dir}. */
  public static Authority authority(Path dir, String commonName) {
    KeyPair keys = rsaKeys();
    X500Name name = new X500Name("CN=" + commonName);
    var builder = new JcaX509v3CertificateBuilder(name, nextSerial(), notBefore(), notAfter(),
        name, keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      Path cert = write(dir.resolve(commonName + ".pem"), builder.build(signer(keys)));
      return new Authority(name, keys, cert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContentSigner signer(KeyPair keys) {
    try {
      return new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(pemObject);
    }
    return file;
  }

  private static BigInteger nextSerial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofDays(1)));
  }
}
