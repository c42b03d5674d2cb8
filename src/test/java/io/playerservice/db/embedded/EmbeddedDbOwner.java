package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * A JVM that does one embedded-database thing and prints what it did, for the tests that need a
 * process of its own: one to {@code kill -9}, or two unpacking the binaries at once.
 *
 * <pre>
 * serve DIR|:temp:   start a server on kept (DIR) or throwaway data; print "ready PORT PASSWORD DIR"; wait
 * unpack CACHE_DIR   unpack the binaries into CACHE_DIR; print "unpacked DIR"
 * claim DIR          try to own DIR; print "claimed" or "refused"
 * </pre>
 */
final class EmbeddedDbOwner {
  private EmbeddedDbOwner() {
  }

  public static void main(String[] args) throws InterruptedException {
    if ("unpack".equals(args[0])) {
      System.out.println("unpacked " + MariaDbBinaries.unpackOnce(Path.of(args[1])));
      return;
    }
    if ("claim".equals(args[0])) {
      System.out.println(DataDirectory.tryClaim(Path.of(args[1])).isPresent() ? "claimed" : "refused");
      return;
    }
    EmbeddedMariaDb database = ServiceConfig.THROWAWAY_DATA.equals(args[1])
        ? EmbeddedMariaDb.start("test", List.of())
        : EmbeddedMariaDb.startIn(Path.of(args[1]), "test");
    ServiceConfig config = database.applyTo(ServiceConfig.fromJson(new JsonObject()));
    Path dataDir = database.dataDir();
    // Keep no reference, as the command line keeps none: ownership must not depend on one.
    database = null;
    System.gc();
    Thread.sleep(200); // for cleaners, which would close a collected lock file's channel
    System.gc();
    System.out.println("ready " + config.dbPort() + " " + config.dbPassword() + " " + dataDir);
    System.out.flush();
    Thread.currentThread().join();
  }
}
