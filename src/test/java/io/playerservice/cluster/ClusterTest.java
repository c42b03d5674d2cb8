package io.playerservice.cluster;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.bus.PlayerClient;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.metrics.Metrics;
import io.playerservice.player.Player;
import io.playerservice.support.TestDatabase;
import io.playerservice.trade.Trade;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.playerservice.support.ServiceUnderTest.freePort;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered Vert.x nodes in one JVM, joined by Hazelcast over TCP on 127.0.0.1: node A runs
 * the service, node B only a {@link PlayerClient}. Every request crosses the cluster.
 */
class ClusterTest {
  /** A cluster of this test's own, so it never joins another run's members. */
  private final Map<String, String> env = Map.of(
      "CLUSTER_NAME", "player-service-test-" + UUID.randomUUID(),
      "CLUSTER_HOST", "127.0.0.1",
      "CLUSTER_MEMBERS", "127.0.0.1");
  private Vertx nodeA;
  private Vertx nodeB;

  @AfterEach
  void leave() {
    if (nodeA != null) {
      nodeA.close().await();
    }
    if (nodeB != null) {
      nodeB.close().await();
    }
  }

  private Vertx startServiceNode(ServiceConfig config) {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx node = Clustering.start(env, registry).await();
    node.deployVerticle(new PlayerServiceVerticle(config, registry)).await();
    return node;
  }

  private static int failure(io.vertx.core.Future<?> future) {
    return PlayerClient.status(assertThrows(Throwable.class, future::await));
  }

  @Test
  void aTradeRequestedOnNodeBRunsOnNodeAAndBothPathsAgree() {
    ServiceConfig config = TestDatabase.config().withHttpPort(freePort());
    nodeA = startServiceNode(config);
    nodeB = Clustering.start(env, Metrics.newRegistry()).await();
    PlayerClient client = new PlayerClient(nodeB.eventBus(), "");
    client.createAll(List.of(new Player("c-seller", 0, 10), new Player("c-buyer", 500, 0))).await();

    var result = client.trade(new Trade("c-seller", "c-buyer", 3, 90)).await();

    assertEquals(new Player("c-seller", 90, 7), result.seller());
    assertEquals(new Player("c-buyer", 410, 3), result.buyer());
    WebClient http = WebClient.create(nodeB);
    JsonObject overHttp = http.get(config.httpPort(), "localhost", "/players/c-buyer").send().await().bodyAsJsonObject();
    assertEquals(result.buyer().toJson(), overHttp, "HTTP on node A shows what the bus did");

    // Every failure code crosses the cluster intact.
    assertEquals(409, failure(client.trade(new Trade("c-seller", "c-buyer", 8, 1))));
    assertEquals(404, failure(client.trade(new Trade("c-ghost", "c-buyer", 1, 1))));
    assertEquals(400, failure(client.trade(new Trade("c-seller", "c-seller", 1, 1))));
    assertEquals(409, failure(client.create("c-seller", 1, 1)));
    assertEquals(new Player("c-seller", 90, 7), client.get("c-seller").await(), "refusals changed nothing");

    client.delete("c-seller").await();
    client.delete("c-buyer").await();
  }

  @Test
  void whenNodeAStopsRequestsFailFastAndWhenItReturnsTheySucceed() {
    ServiceConfig config = TestDatabase.config().withHttpPort(freePort());
    nodeA = startServiceNode(config);
    nodeB = Clustering.start(env, Metrics.newRegistry()).await();
    PlayerClient client = new PlayerClient(nodeB.eventBus(), "");
    long before = client.count().await();

    nodeA.close().await();
    nodeA = null;
    long start = System.nanoTime();
    assertEquals(503, failure(client.count()), "no node serves the address");
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "failed fast, not after a timeout");

    nodeA = startServiceNode(config);
    // Node A's consumers reach node B's view of the cluster a moment after its deploy returns.
    await("node A serves node B again").atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .untilAsserted(() -> assertEquals(before, client.count().await()));
  }

  @Test
  void aDatabaseOutageCrossesTheClusterAs503() {
    try (EmbeddedMariaDb doomed = EmbeddedMariaDb.start("test")) {
      ServiceConfig config = doomed.applyTo(TestDatabase.config()).withHttpPort(freePort());
      nodeA = startServiceNode(config);
      nodeB = Clustering.start(env, Metrics.newRegistry()).await();
      PlayerClient client = new PlayerClient(nodeB.eventBus(), "");
      client.create("a", 1, 1).await();

      doomed.stop();

      var refused = assertThrows(ReplyException.class, () -> client.get("a").await());
      assertEquals(ReplyFailure.RECIPIENT_FAILURE, refused.failureType(), "answered by the service, not the bus");
      assertEquals(503, refused.failureCode());
      assertEquals("the database is unavailable; try again shortly", refused.getMessage());
    }
  }
}
