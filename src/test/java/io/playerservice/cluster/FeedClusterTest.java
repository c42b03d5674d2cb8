package io.playerservice.cluster;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.config.ServiceConfig;
import io.playerservice.metrics.Metrics;
import io.playerservice.support.EventStream;
import io.playerservice.support.LedgerPages;
import io.playerservice.support.Sleep;
import io.playerservice.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.playerservice.support.ServiceUnderTest.freePort;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The live feed across a cluster: two clustered nodes on loopback, both serving HTTP against the
 * one test database. Four clients trade, two through each node, while three subscribers follow
 * the feed: one player's trades on node A; all trades on node A, disconnecting mid-run and
 * resuming on node B with Last-Event-ID; all trades on node B. At the end each must have exactly
 * the ledger's trades of its filter since it started, in the ledger's order, none twice.
 */
class FeedClusterTest {
  private static final int CLIENTS = 4;
  private static final int TRADES_EACH = 50;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Map<String, String> env = Map.of(
      "CLUSTER_NAME", "player-service-feed-test-" + UUID.randomUUID(),
      "CLUSTER_HOST", "127.0.0.1",
      "CLUSTER_MEMBERS", "127.0.0.1");
  private final List<Vertx> nodes = new ArrayList<>();
  private Vertx clients;

  @AfterEach
  void leave() {
    if (clients != null) {
      clients.close().await();
    }
    nodes.forEach(node -> node.close().await());
  }

  private ServiceConfig startServiceNode() {
    ServiceConfig config = TestDatabase.config().withHttpPort(freePort());
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx node = Clustering.start(env, registry).await();
    nodes.add(node);
    node.deployVerticle(new PlayerServiceVerticle(config, registry)).await();
    return config;
  }

  @Test
  void everySubscriberGetsExactlyTheLedgersTradesOfItsFilterInOrderOnEitherNode() throws Exception {
    int portA = startServiceNode().httpPort();
    int portB = startServiceNode().httpPort();
    clients = Vertx.vertx();
    WebClient httpA = http(portA);
    WebClient httpB = http(portB);
    String prefix = "fc-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    List<String> players = new ArrayList<>();
    JsonArray bulk = new JsonArray();
    for (int i = 0; i < 6; i++) {
      players.add(prefix + i);
      bulk.add(new JsonObject().put("id", prefix + i).put("coins", 1_000_000).put("goods", 1_000_000));
    }
    assertEquals(201, httpA.post("/players/bulk").sendJson(bulk).await().statusCode());

    String followed = players.get(0);
    EventStream onePlayer = EventStream.open(clients, portA, "/trades/stream?player=" + followed);
    EventStream leaving = EventStream.open(clients, portA, "/trades/stream");
    EventStream onB = EventStream.open(clients, portB, "/trades/stream");
    String onePlayerStart = onePlayer.awaitId(PATIENCE);
    String leavingStart = leaving.awaitId(PATIENCE);
    String onBStart = onB.awaitId(PATIENCE);

    AtomicInteger made = new AtomicInteger();
    ExecutorService traders = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> trading = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      WebClient through = c % 2 == 0 ? httpA : httpB;
      trading.add(traders.submit(() -> trade(through, players, made)));
    }

    // Mid-run: the second subscriber goes, trades go on without it, and it comes back on node B
    // from the last id of the events it kept (events keep coming until it leaves).
    leaving.awaitEvents(10, PATIENCE);
    EventStream.Left away = leaving.leave();
    int left = made.get();
    await("trades made while it was away").atMost(PATIENCE).until(() -> made.get() >= left + 10);
    EventStream back = EventStream.open(clients, portB, "/trades/stream", Map.of("Last-Event-ID", away.lastId()));

    for (Future<?> client : trading) {
      client.get();
    }
    traders.shutdown();
    assertEquals(CLIENTS * TRADES_EACH, made.get());

    List<String> all = LedgerPages.ids(LedgerPages.after(httpA, null, onBStart));
    List<String> mine = LedgerPages.ids(LedgerPages.after(httpA, followed, onePlayerStart));
    List<String> allSinceLeaving = LedgerPages.ids(LedgerPages.after(httpA, null, leavingStart));
    // Until each has had its trades (a missing one fails with the lists), and a poll more: a trade
    // sent twice, or one not in the ledger, would have come by then.
    for (int round = 0; round < 2; round++) {
      await().atMost(PATIENCE).untilAsserted(() -> {
        assertEquals(all, ids(onB.events()), "all trades, on node B");
        assertEquals(mine, ids(onePlayer.events()), "one player's trades, on node A");
        List<String> resumed = new ArrayList<>(ids(away.events()));
        resumed.addAll(ids(back.events()));
        assertEquals(allSinceLeaving, resumed, "all trades, across a disconnect from node A to node B");
      });
      Sleep.millis(TestDatabase.config().feedPollMs());
    }
    onePlayer.close();
    onB.close();
    back.close();
  }

  private WebClient http(int port) {
    return WebClient.create(clients, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
  }

  /** One client: trades one after another between random players, each answered 200. */
  private static void trade(WebClient http, List<String> players, AtomicInteger made) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < TRADES_EACH; i++) {
      int seller = random.nextInt(players.size());
      int buyer = (seller + 1 + random.nextInt(players.size() - 1)) % players.size();
      JsonObject order = new JsonObject().put("sellId", players.get(seller)).put("buyId", players.get(buyer))
          .put("amount", 1).put("price", 1);
      var answer = http.post("/trades").sendJsonObject(order).await();
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
      made.incrementAndGet();
    }
  }

  private static List<String> ids(List<EventStream.Event> events) {
    return events.stream().map(EventStream.Event::tradeId).toList();
  }
}
