package example.embedder;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * An application's own clustered Vert.x, on Hazelcast over loopback, with player-service deployed
 * in it: other nodes of the cluster reach the service through {@code PlayerClient}.
 */
public final class ClusteredPlayerService {
  private static final String HOST = "127.0.0.1";

  private ClusteredPlayerService() {
  }

  /** A Vert.x that joins the cluster {@code name}, whose members all run on this machine. */
  public static Future<Vertx> join(String name) {
    Config hazelcast = new Config().setClusterName(name);
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x leaves the cluster in its own shutdown; Hazelcast must not race it.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.getInterfaces().setEnabled(true).addInterface(HOST);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember(HOST);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(HOST).setClusterPublicHost(HOST);
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
  }

  /** Deploys the service, its meters kept in a registry of this application's. */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config) {
    return vertx.deployVerticle(new PlayerServiceVerticle(config, new SimpleMeterRegistry()));
  }
}
