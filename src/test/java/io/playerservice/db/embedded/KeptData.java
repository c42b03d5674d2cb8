package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** Directories for kept data, and plain SQL to put data there and read it back. */
final class KeptData {
  private KeptData() {
  }

  /**
   * A new directory under the user's cache: kept data may not live under java.io.tmpdir, and the
   * checkout itself (so target/) may be there, as a clean clone for CI can be. Tests delete it.
   */
  static Path newDirectory() {
    return Path.of(System.getProperty("user.home"), ".cache", "player-service", "tests",
        UUID.randomUUID().toString()).toAbsolutePath();
  }

  /** Settings for the service's user on {@code database}. */
  static ServiceConfig config(EmbeddedMariaDb database) {
    return database.applyTo(ServiceConfig.fromJson(new JsonObject()));
  }

  /** Settings for the service's user on a server on this machine. */
  static ServiceConfig config(int port, String password) {
    return ServiceConfig.fromJson(new JsonObject()).withDatabase("127.0.0.1", port, "player", password);
  }

  /** Runs {@code sql} and returns the first column of every row, as integers. */
  static List<Integer> query(Vertx vertx, ServiceConfig config, String sql) {
    Pool pool = MySQLBuilder.pool().connectingTo(Database.connectOptions(config)).using(vertx).build();
    try {
      return StreamSupport.stream(pool.query(sql).execute().await().spliterator(), false)
          .map((Row row) -> row.getInteger(0))
          .toList();
    } finally {
      pool.close().await();
    }
  }
}
