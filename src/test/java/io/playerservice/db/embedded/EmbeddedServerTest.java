package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.stream.StreamSupport;

/** A test class that puts data into embedded servers and reads it back, over one Vert.x of its own. */
abstract class EmbeddedServerTest {
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  /** Runs {@code sql} as {@code config}'s user; the first column of every row, as integers. */
  static List<Integer> query(ServiceConfig config, String sql) {
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
