package io.playerservice.db.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kept data survives a stop and a start, with its user and password; throwaway data does not. */
class EmbeddedMariaDbTest extends EmbeddedServerTest {
  private final Path dir = KeptData.newDirectory();

  @AfterEach
  void deleteDir() throws IOException {
    FileTrees.delete(dir);
  }

  @Test
  void keptDataSurvivesAStopAndAStart() {
    String password;
    try (EmbeddedMariaDb database = EmbeddedMariaDb.startIn(dir, "test")) {
      var config = KeptData.config(database);
      password = config.dbPassword();
      query(config, "CREATE TABLE kept (id INT PRIMARY KEY)");
      query(config, "INSERT INTO kept VALUES (7)");

      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> EmbeddedMariaDb.startIn(dir, "test"));
      assertTrue(refused.getMessage().contains("is in use by this process"), refused.getMessage());
    }
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        assertDoesNotThrow(() -> Files.getPosixFilePermissions(dir.resolve("password"))));
    assertFalse(Files.exists(dir.resolve("mariadbd.pid")), "a clean stop removes the pid file");

    try (EmbeddedMariaDb database = EmbeddedMariaDb.startIn(dir, "test")) {
      var config = KeptData.config(database);
      assertEquals(password, config.dbPassword(), "the password is kept with the data");
      assertEquals(List.of(7), query(config, "SELECT id FROM kept"));
    }
  }

  @Test
  void throwawayDataIsDeletedOnClose() {
    Path throwaway;
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      throwaway = database.dataDir();
      assertTrue(throwaway.startsWith(ServerStart.defaultCacheDir()), throwaway.toString());
      assertTrue(Files.isDirectory(throwaway.resolve("db")));
    }
    assertFalse(Files.exists(throwaway));
  }

  @Test
  void keptDataUnderTheTempDirectoryIsRefused() {
    Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "player-service-kept-" + dir.getFileName());
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> EmbeddedMariaDb.startIn(underTmp, "test"));
    assertTrue(refused.getMessage().contains("emptied at every start"), refused.getMessage());
    assertFalse(Files.exists(underTmp), "refused before anything is created");
  }
}
