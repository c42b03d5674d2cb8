package io.playerservice.db;

import io.playerservice.config.ServiceConfig;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;

import static io.playerservice.error.Failures.anyCause;

/**
 * Says in one line why a TLS handshake with the database failed, when the reason is a setup
 * mistake no retry will fix: a certificate that cannot be verified, one that names another host,
 * or a server without TLS 1.2 or 1.3. The service then stops at start with this line instead of
 * waiting for a database that will never be reachable. Any other TLS failure (a handshake cut by
 * a restarting server, say) is left to the usual "unavailable, retry" handling.
 */
public final class TlsFailures {
  private TlsFailures() {
  }

  /** The reason, when {@code failure} is such a TLS failure; empty for any other failure. */
  public static Optional<String> explain(Throwable failure, ServiceConfig config) {
    String server = "the database at " + config.dbHost() + ":" + config.dbPort();
    if (anyCause(failure, TlsFailures::jdbcNamesAnotherHost)) {
      return Optional.of(namesAnotherHost(server, config));
    }
    Throwable ssl = firstSsl(failure);
    if (ssl == null) {
      return Optional.empty();
    }
    String trust = config.caPath().isEmpty()
        ? "the system trust store" : "CA_PATH (" + config.caPath() + ")";
    if (anyCause(ssl, t -> t instanceof CertPathBuilderException)) {
      return Optional.of("TLS: the certificate of " + server + " cannot be verified: no CA in "
          + trust + " signed it");
    }
    if (anyCause(ssl, t -> t instanceof CertPathValidatorException)) { // expired, revoked, malformed
      return Optional.of("TLS: the certificate of " + server + " cannot be verified against "
          + trust + ": " + deepestMessage(ssl));
    }
    if (namesAnotherHost(ssl)) {
      return Optional.of(namesAnotherHost(server, config));
    }
    if (noCommonProtocol(ssl)) {
      return Optional.of("TLS: the handshake with " + server + " failed (TLS 1.2 or 1.3 required): "
          + deepestMessage(ssl));
    }
    return Optional.empty();
  }

  private static String namesAnotherHost(String server, ServiceConfig config) {
    return "TLS: the certificate of " + server + " does not name the host '" + config.dbHost() + "'";
  }

  /**
   * MariaDB Connector/J, the migrations' JDBC driver, checks the host name itself, after the
   * handshake, and says so in an SQLException of its own, with no SSLException behind it.
   */
  private static boolean jdbcNamesAnotherHost(Throwable t) {
    return String.valueOf(t.getMessage()).contains("SSL hostname verification failed");
  }

  /**
   * The JDK's words when client and server share no TLS version: the server chose an older one,
   * the client has none to offer, or the server said so in an alert.
   */
  private static boolean noCommonProtocol(Throwable ssl) {
    return anyCause(ssl, t -> {
      String message = String.valueOf(t.getMessage());
      return message.contains("is not accepted by client preferences")
          || message.contains("No appropriate protocol") || message.contains("protocol_version");
    });
  }

  /** The JDK's hostname check reports a mismatch as a CertificateException with these words. */
  private static boolean namesAnotherHost(Throwable ssl) {
    return anyCause(ssl, t -> {
      String message = String.valueOf(t.getMessage());
      return (t instanceof CertificateException || t instanceof SSLException)
          && (message.contains("No subject alternative") || message.contains("No name matching"));
    });
  }

  private static Throwable firstSsl(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
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
