package io.playerservice.db.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Throwaway data directories, all under one root (not /tmp): each is deleted when its owner
 * exits, and the one of an owner that was killed is deleted by the next start that looks,
 * with its orphaned server stopped first.
 */
final class ThrowawayDirectories {
  private static final Logger LOG = LoggerFactory.getLogger(ThrowawayDirectories.class);
  private static final String LOCK = ".lock";

  private ThrowawayDirectories() {
  }

  /** A new directory under {@code root}, owned by this process; dead owners' ones are removed first. */
  static synchronized DataDirectory create(Path root) {
    return underRootLock(root, () -> {
      removeDead(root);
      return DataDirectory.claim(Files.createTempDirectory(root, ProcessHandle.current().pid() + "-"));
    });
  }

  /** Removes the directories of owners that are gone, and stops their servers. */
  static synchronized void sweep(Path root) {
    underRootLock(root, () -> {
      removeDead(root);
      return null;
    });
  }

  private static void removeDead(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      entries.filter(Files::isDirectory).forEach(ThrowawayDirectories::removeIfDead);
    }
  }

  private static void removeIfDead(Path dir) {
    Optional<DataDirectory> dead = Optional.empty();
    try {
      dead = DataDirectory.tryClaim(dir);
      if (dead.isPresent()) {
        LOG.info("removing {}: throwaway data of an embedded MariaDB whose owner is gone", dir);
        PidFile.stopOrphan(dead.get().pidFile());
        dead.get().delete();
      }
    } catch (RuntimeException e) { // leftovers of another process must not stop this start
      dead.ifPresent(DataDirectory::release);
      LOG.warn("cannot remove {}, left by an embedded MariaDB whose owner is gone: {}", dir, e.getMessage());
    }
  }

  /**
   * Creating and sweeping take turns, across processes: a sweep never sees a directory between
   * its creation and its claim, when it would look abandoned.
   */
  private static <T> T underRootLock(Path root, IoAction<T> action) {
    try {
      Files.createDirectories(root);
      try (FileChannel channel = FileChannel.open(root.resolve(LOCK),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + root + " for throwaway data", e);
    }
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }
}
