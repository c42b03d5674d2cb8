package io.playerservice.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory the embedded server keeps to itself, owned by one process at a time: the process
 * that holds the lock on its {@code owner.lock}. The operating system drops the lock when the
 * owner exits, however it exits, so a lock that can be taken means that the owner is gone.
 *
 * <p>Inside: {@code db/} (MariaDB's data directory), {@code tmp/}, {@code mariadbd.pid},
 * {@code mariadbd.sock} and {@code password}.
 */
final class DataDirectory {
  private static final String LOCK = "owner.lock";
  /** sun_path holds 108 bytes with the terminating zero. */
  private static final int MAX_SOCKET_PATH = 107;
  /**
   * Every directory this process owns, by real path. Two reasons: a channel nobody references
   * is closed when collected, dropping its lock, and the command line keeps no reference to its
   * embedded database; and the lock is a POSIX record lock, which the process loses when it
   * closes any descriptor of the file, so this process must never open an owned lock file twice.
   */
  private static final Map<Path, DataDirectory> OWNED = new ConcurrentHashMap<>();

  final Path root;
  private final FileChannel lock;

  private DataDirectory(Path root, FileChannel lock) {
    this.root = root;
    this.lock = lock;
  }

  /** Claims {@code root}, creating it if needed; refuses with one line when another owner has it. */
  static DataDirectory claim(Path root) {
    return tryClaim(root).orElseThrow(() -> new IllegalStateException("the data directory " + root
        + " is in use by " + owner(root) + "; stop that one, or set EMBEDDED_DATA_DIR to another"
        + " directory (or to :temp: for throwaway data)"));
  }

  /** Empty when a live process, this one included, owns {@code root}. */
  static synchronized Optional<DataDirectory> tryClaim(Path root) {
    try {
      Files.createDirectories(root);
      Path real = root.toRealPath(); // one spelling, as in the server's command line
      if (OWNED.containsKey(real)) {
        return Optional.empty();
      }
      FileChannel channel = FileChannel.open(real.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        channel.close(); // this process held no lock on it: closing drops nothing of its own
        return Optional.empty();
      }
      channel.truncate(0).write(ByteBuffer.wrap(
          (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      DataDirectory owned = new DataDirectory(real, channel);
      OWNED.put(real, owned);
      return Optional.of(owned);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + root + " as the embedded MariaDB's data directory", e);
    }
  }

  /** Who owns {@code root}; never reads the lock file of this process's own directory (see OWNED). */
  private static String owner(Path root) {
    try {
      if (OWNED.containsKey(root.toRealPath())) {
        return "this process";
      }
      return "another process (pid " + Long.parseLong(Files.readString(root.resolve(LOCK)).trim()) + ")";
    } catch (IOException | NumberFormatException e) {
      return "another process";
    }
  }

  /** MariaDB's own data directory. */
  Path data() {
    return root.resolve("db");
  }

  Path tmp() {
    return root.resolve("tmp");
  }

  Path pidFile() {
    return root.resolve("mariadbd.pid");
  }

  /**
   * Inside the directory, so a killed server leaves nothing in /tmp; there only when the path
   * would be too long for a Unix socket.
   */
  Path socket() {
    Path inside = root.resolve("mariadbd.sock");
    return inside.toString().length() <= MAX_SOCKET_PATH ? inside : Path.of(System.getProperty(
        "java.io.tmpdir"), "player-service-" + Integer.toHexString(root.hashCode()) + ".sock");
  }

  /** Where {@link ServiceUser} keeps the password of the service's user. */
  Path passwordFile() {
    return root.resolve("password");
  }

  /** Gives up ownership; the files stay. */
  void release() {
    OWNED.remove(root, this);
    try {
      lock.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the directory and everything in it, then gives up ownership. */
  void delete() {
    try {
      FileTrees.delete(root);
      Files.deleteIfExists(socket());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    } finally {
      release();
    }
  }
}
