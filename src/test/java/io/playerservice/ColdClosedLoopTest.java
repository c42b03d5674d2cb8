package io.playerservice;

import io.playerservice.db.Database;
import io.playerservice.db.ThrowawaySchema;
import io.playerservice.loadtest.PlayerPair;
import io.playerservice.support.Clients;
import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A freshly started service, in a JVM of its own with no warm-up, meets at once a contended closed
 * loop: 64 HTTP clients trading 10 players, each sending its next trade when its answer is in, and 8
 * SQL clients trading the same rows straight on the database in the service's lock order (both rows
 * {@code FOR UPDATE} in id order, check, update both), for 15 s. A closed loop smaller than the
 * waiting room cannot overload the service and a cold JIT only slows it, so every answer is 2xx;
 * and the coins and goods are all still there.
 */
class ColdClosedLoopTest {
  private static final Logger LOG = LoggerFactory.getLogger(ColdClosedLoopTest.class);
  private static final int PLAYERS = 10;
  private static final long BALANCE = 1_000_000;
  private static final int HTTP_CLIENTS = 64;
  private static final int SQL_CLIENTS = 8;
  private static final long RUN_NANOS = Duration.ofSeconds(15).toNanos();
  private static final String LOCK_PAIR =
      "SELECT id, coins, goods FROM player WHERE id IN (?, ?) ORDER BY id FOR UPDATE";
  private static final String SET_BALANCES = "UPDATE player SET coins = ?, goods = ? WHERE id = ?";

  @Test
  void aContendedClosedLoopOnAColdServiceIsServedWithoutAShed() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ThrowawaySchema schema = ThrowawaySchema.create()) {
      int port = ServiceUnderTest.freePort();
      Map<String, String> settings = new HashMap<>();
      schema.config.withHttpPort(port).toJson().forEach(e -> settings.put(e.getKey(), String.valueOf(e.getValue())));
      Pool database = MySQLBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(SQL_CLIENTS))
          .connectingTo(Database.connectOptions(schema.config)).using(vertx).build();
      try (ServiceProcess process = ServiceProcess.start(settings,
          List.of("-Dlogback.configurationFile=logback.xml"))) {
        assertTrue(process.awaitOutput("listening on", Duration.ofSeconds(120)), process.output());
        // The players straight into the table the service has just migrated: no request has warmed it.
        for (int i = 0; i < PLAYERS; i++) {
          database.preparedQuery("INSERT INTO player (id, coins, goods) VALUES (?, ?, ?)")
              .execute(Tuple.of("p" + i, BALANCE, BALANCE)).await();
        }
        WebClient http = WebClient.create(vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
            new PoolOptions().setHttp1MaxSize(HTTP_CLIENTS));
        List<SqlConnection> connections = new ArrayList<>();
        for (int i = 0; i < SQL_CLIENTS; i++) {
          connections.add(database.getConnection().await());
        }

        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        LongAdder sqlTrades = new LongAdder();
        long end = System.nanoTime() + RUN_NANOS;
        CompletableFuture<Void> sql = CompletableFuture.runAsync(() -> Clients.run(SQL_CLIENTS,
            () -> System.nanoTime() < end,
            client -> sqlTrade(connections.get(client)).onSuccess(v -> sqlTrades.increment())));
        Clients.run(HTTP_CLIENTS, () -> System.nanoTime() < end, client -> {
          PlayerPair pair = PlayerPair.random(PLAYERS);
          long sent = System.nanoTime();
          return http.post("/trades").sendJson(new JsonObject().put("sellId", "p" + pair.seller())
                  .put("buyId", "p" + pair.buyer()).put("amount", 1).put("price", 10))
              .onSuccess(answer -> {
                latenciesMs.add((System.nanoTime() - sent) / 1_000_000);
                statuses.computeIfAbsent(answer.statusCode(), s -> new LongAdder()).increment();
              });
        });
        sql.join();
        for (SqlConnection connection : connections) {
          connection.close().await();
        }

        List<Long> sorted = new ArrayList<>(latenciesMs);
        Collections.sort(sorted);
        LOG.info("cold closed loop: answers by status {}, {} SQL trades, HTTP p50 {} ms, p99 {} ms, max {} ms",
            statuses, sqlTrades.sum(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)),
            sorted.get(sorted.size() - 1));
        assertEquals(Set.of(200), statuses.keySet(), "every answer 200: " + statuses);
        assertTrue(sqlTrades.sum() > 0, "the SQL clients traded too");
        Row sums = database.query("SELECT SUM(coins), SUM(goods), MIN(coins), MIN(goods) FROM player").execute().await()
            .iterator().next();
        assertEquals(PLAYERS * BALANCE, sums.getLong(0), "coins conserved");
        assertEquals(PLAYERS * BALANCE, sums.getLong(1), "goods conserved");
        assertTrue(sums.getLong(2) >= 0 && sums.getLong(3) >= 0, "no negative balance");
      } finally {
        database.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  /** One trade of 1 good for 10 coins as another application makes it: both rows locked in id order. */
  private static Future<Void> sqlTrade(SqlConnection connection) {
    PlayerPair pair = PlayerPair.random(PLAYERS);
    String seller = "p" + pair.seller();
    String buyer = "p" + pair.buyer();
    return connection.begin().compose(tx -> connection.preparedQuery(LOCK_PAIR).execute(Tuple.of(seller, buyer))
        .compose(rows -> {
          Map<String, long[]> balances = balances(rows);
          long[] sold = balances.get(seller);
          long[] bought = balances.get(buyer);
          if (sold[1] < 1 || bought[0] < 10) {
            return tx.rollback();
          }
          return connection.preparedQuery(SET_BALANCES).execute(Tuple.of(sold[0] + 10, sold[1] - 1, seller))
              .compose(v -> connection.preparedQuery(SET_BALANCES)
                  .execute(Tuple.of(bought[0] - 10, bought[1] + 1, buyer)))
              .compose(v -> tx.commit());
        }));
  }

  private static Map<String, long[]> balances(RowSet<Row> rows) {
    Map<String, long[]> balances = new HashMap<>();
    for (Row row : rows) {
      balances.put(row.getString("id"), new long[] {row.getLong("coins"), row.getLong("goods")});
    }
    return balances;
  }
}
