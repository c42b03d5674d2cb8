package io.playerservice.db.embedded;

import io.playerservice.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binaries are unpacked once per cache directory, even by two processes at once, then reused. */
class MariaDbBinariesTest {

  @Test
  void twoProcessesUnpackOnceAndAStartReusesTheBinaries() throws Exception {
    Path cache = KeptData.newDirectory();
    try (ServiceProcess first = unpack(cache); ServiceProcess second = unpack(cache)) {
      assertEquals(0, first.awaitExit(Duration.ofSeconds(120)), first.output());
      assertEquals(0, second.awaitExit(Duration.ofSeconds(120)), second.output());
      long unpackers = Stream.of(first, second)
          .filter(process -> process.output().contains("unpacking the MariaDB binaries"))
          .count();
      assertEquals(1, unpackers, "one unpacks, the other waits and reuses:\n" + first.output() + second.output());
      Path binaries = Path.of(first.awaitLine("unpacked ", Duration.ofSeconds(10)).orElseThrow().substring(9));
      assertEquals(List.of(binaries.getFileName().toString(), binaries.getFileName() + ".lock"), entries(cache));

      FileTime unpacked = Files.getLastModifiedTime(binaries.resolve(MariaDbBinaries.COMPLETE));
      FileTime server = Files.getLastModifiedTime(binaries.resolve("bin/mariadbd"));
      try (EmbeddedMariaDb ignored = ServerStart.start(cache, null, "test", List.of())) {
        assertEquals(unpacked, Files.getLastModifiedTime(binaries.resolve(MariaDbBinaries.COMPLETE)));
        assertEquals(server, Files.getLastModifiedTime(binaries.resolve("bin/mariadbd")));
        assertTrue(entries(cache).contains("throwaway"), "throwaway data under the same cache directory");
      }
    } finally {
      FileTrees.delete(cache);
    }
  }

  private static ServiceProcess unpack(Path cache) {
    return ServiceProcess.run(EmbeddedDbOwner.class, List.of("unpack", cache.toString()), Map.of(), List.of());
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
