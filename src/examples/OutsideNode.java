import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import com.hazelcast.config.Config;

/**
 * A Vert.x node outside the service, joining its Hazelcast cluster over TCP on this machine and
 * trading through the event bus. Run it while `java -jar target/player-service.jar --cluster` runs:
 *
 *   java -cp target/player-service.jar src/examples/OutsideNode.java
 */
public class OutsideNode {
  public static void main(String[] args) {
    Config hz = new Config().setClusterName("player-service");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    Vertx vertx = Vertx.builder().withClusterManager(new HazelcastClusterManager(hz)).buildClustered().await();
    var bus = vertx.eventBus();

    bus.request("players.create", new JsonObject().put("id", "outside-1").put("coins", 100).put("goods", 0)).await();
    bus.request("players.create", new JsonObject().put("id", "outside-2").put("coins", 0).put("goods", 20)).await();
    var trade = new JsonObject().put("sellId", "outside-2").put("buyId", "outside-1").put("amount", 2).put("price", 100);
    System.out.println("trade: " + bus.request("trades.execute", trade).await().body());
    for (JsonObject bad : new JsonObject[] {trade.copy().put("amount", 50), trade.copy().put("sellId", "nobody")}) {
      try {
        bus.request("trades.execute", bad).await();
      } catch (ReplyException e) {
        System.out.println("refused: " + e.failureCode() + " " + e.getMessage());
      }
    }
    vertx.close().await();
  }
}
