package io.playerservice.db;

import io.playerservice.config.ServiceConfig;

import java.util.Map;
import java.util.TreeMap;

/**
 * The JDBC connection Flyway uses, with MariaDB Connector/J, under the same rules as the reactive
 * pool ({@link Database#connectOptions}): TLS when {@link ServiceConfig#tls()} says so, verifying
 * the server's certificate and that it names the host dialled, against the CA in {@code CA_PATH}
 * or else the JVM's trust store, TLS 1.2 or 1.3 only.
 */
public final class Jdbc {
  static final int CONNECT_TIMEOUT_MS = 10_000;

  private Jdbc() {
  }

  /** The URL: host, port and database only, so it can be logged; the rest is in {@link #properties}. */
  public static String url(ServiceConfig config) {
    return "jdbc:mariadb://" + config.dbHost() + ":" + config.dbPort() + "/" + config.dbName();
  }

  /** The driver's connection properties, password excluded (Flyway passes it apart). */
  public static Map<String, String> properties(ServiceConfig config) {
    Map<String, String> properties = new TreeMap<>();
    // Not a request's deadline: migrations run at start or from the migrate command, never on a
    // request's path, so a slow connect (a busy machine, TLS) may take its time.
    properties.put("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS));
    if (config.tls()) {
      properties.put("sslMode", "verify-full"); // the chain and the host name
      properties.put("enabledSslProtocolSuites", String.join(",", Database.TLS_PROTOCOLS));
      if (!config.caPath().isEmpty()) {
        properties.put("serverSslCert", config.caPath()); // a PEM CA file, read as it is
      }
    } else {
      // Said, not assumed: the driver's own default is verify-full, and TLS off means plain TCP,
      // as for the reactive pool.
      properties.put("sslMode", "disable");
      // Without TLS, MySQL 8's caching_sha2_password sends the password RSA-encrypted with the
      // server's key, which the driver may then ask for; the reactive client asks for it too.
      properties.put("allowPublicKeyRetrieval", "true");
    }
    return properties;
  }
}
