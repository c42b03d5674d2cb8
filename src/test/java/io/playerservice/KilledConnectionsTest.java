package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database kills every idle connection of the service ({@code KILL CONNECTION}, as proxies
 * and TiDB Cloud do): the pool notices, and the next hundred requests all succeed.
 */
class KilledConnectionsTest extends ApiTest {
  /** The connections of the test's database user, other than the asking one. */
  private static final String SESSIONS_OF_THIS_USER = "SELECT ID, COMMAND FROM information_schema.PROCESSLIST"
      + " WHERE USER = SUBSTRING_INDEX(USER(), '@', 1) AND ID <> CONNECTION_ID()";

  @Test
  void afterTheDatabaseKillsTheIdleConnectionsTheNextHundredRequestsSucceed() {
    service.post("/players", player("a", 1_000_000, 1_000_000));
    service.post("/players", player("b", 1_000_000, 1_000_000));
    SqlConnection admin = service.database().getConnection().await();
    try {
      // The service shares the test's database user with the harness: its connections are
      // those of the user that appear once it runs.
      Set<Long> before = sessions(admin, false);
      try (ServiceUnderTest fresh = ServiceUnderTest.start()) {
        assertAllSucceed(fresh, 32); // opens every pooled connection (8)
        Set<Long> idle = sessions(admin, true);
        idle.removeAll(before);
        assertTrue(idle.size() >= 2, "the service's idle connections were found: " + idle);
        for (long id : idle) {
          admin.query("KILL CONNECTION " + id).execute().await();
        }
        LoggerFactory.getLogger(KilledConnectionsTest.class).info("killed the service's {} idle connections", idle.size());
        // The closes reach each instance's event loop as the server sends them; a request that
        // takes a connection in the same instant races the close, which no pool can see coming.
        Sleep.millis(300);

        for (int round = 0; round < 10; round++) {
          assertAllSucceed(fresh, 10);
        }
      }
    } finally {
      admin.close().await();
    }
  }

  private static Set<Long> sessions(SqlConnection admin, boolean idleOnly) {
    Set<Long> ids = new HashSet<>();
    for (Row row : admin.query(SESSIONS_OF_THIS_USER).execute().await()) {
      if (!idleOnly || "Sleep".equals(row.getString("COMMAND"))) {
        ids.add(row.getLong("ID"));
      }
    }
    return ids;
  }

  /** Sends {@code count} requests at once, half trades and half reads; every one must be 2xx. */
  private static void assertAllSucceed(ServiceUnderTest target, int count) {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(i % 2 == 0 ? target.getAsync("/players/a")
          : target.postAsync("/trades", new JsonObject().put("sellId", "a").put("buyId", "b")
              .put("amount", 1).put("price", 1)));
    }
    for (Future<HttpResponse<Buffer>> answer : answers) {
      HttpResponse<Buffer> response = answer.await();
      assertEquals(2, response.statusCode() / 100, () -> response.statusCode() + " " + response.bodyAsString());
    }
  }
}
