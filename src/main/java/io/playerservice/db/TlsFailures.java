package io.playerservice.db;

import io.playerservice.config.ServiceConfig;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Says in one line why a TLS handshake with the database failed. A certificate that cannot be
 * trusted is a setup mistake no retry will fix, so the service stops at start with this line
 * instead of waiting for a database that will never be reachable.
 */
public final class TlsFailures {
  private TlsFailures() {
  }

  /** The reason, when {@code failure} is a failed TLS handshake; empty for any other failure. */
  public static Optional<String> explain(Throwable failure, ServiceConfig config) {
    Throwable ssl = find(failure, SSLException.class);
    if (ssl == null) {
      return Optional.empty();
    }
    String server = "the database at " + config.dbHost() + ":" + config.dbPort();
    String trust = config.caPath().isEmpty()
        ? "the system trust store" : "CA_PATH (" + config.caPath() + ")";
    if (find(ssl, CertPathBuilderException.class) != null
        || find(ssl, CertPathValidatorException.class) != null) {
      return Optional.of("TLS: the certificate of " + server + " cannot be verified: no CA in "
          + trust + " signed it");
    }
    if (namesAnotherHost(ssl)) {
      return Optional.of("TLS: the certificate of " + server + " does not name the host '"
          + config.dbHost() + "'");
    }
    return Optional.of("TLS: the handshake with " + server + " failed (TLS 1.2 or 1.3 required): "
        + deepestMessage(ssl));
  }

  /** The JDK's hostname check reports a mismatch as a CertificateException with these words. */
  private static boolean namesAnotherHost(Throwable ssl) {
    for (Throwable t = ssl; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if ((t instanceof CertificateException || t instanceof SSLException)
          && (message.contains("No subject alternative") || message.contains("No name matching"))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String deepestMessage(Throwable failure) {
    String message = failure.toString();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message.lines().findFirst().orElse(message);
  }
}
