package io.playerservice.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.playerservice.config.InvalidConfigException;
import io.playerservice.metrics.Metrics;
import io.playerservice.telemetry.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts a clustered Vert.x on Hazelcast with TCP/IP join, with metrics, and traces when the
 * OTEL_* variables ask for them ({@link Tracing}). Settings come from
 * {@code conf/cluster.xml} (or {@code CLUSTER_CONFIG}); {@code CLUSTER_NAME}, {@code CLUSTER_HOST}
 * and {@code CLUSTER_MEMBERS} override them.
 */
public final class Clustering {
  private Clustering() {
  }

  /** A clustered Vert.x as the environment describes it. */
  public static Future<Vertx> start(Map<String, String> env) {
    String host = env.get("CLUSTER_HOST");
    Config hazelcast = hazelcastConfig(Path.of(env.getOrDefault("CLUSTER_CONFIG", "conf/cluster.xml")),
        env.get("CLUSTER_NAME"), host, env.get("CLUSTER_MEMBERS"));
    String registry = Metrics.newRegistryName();
    VertxOptions options = Metrics.options(registry);
    if (host != null && !host.isBlank()) {
      // The event bus listens on, and tells other nodes, the same address as Hazelcast.
      options.getEventBusOptions().setHost(host.trim()).setClusterPublicHost(host.trim());
    }
    return Tracing.fromEnvironment(Vertx.builder().with(options))
        .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered()
        .map(vertx -> Metrics.remember(vertx, registry));
  }

  /** The file's settings with any given overrides (null or blank: keep the file's value). */
  public static Config hazelcastConfig(Path file, String name, String host, String members) {
    Config config;
    try {
      config = new XmlConfigBuilder(file.toString()).build();
    } catch (FileNotFoundException e) {
      throw new InvalidConfigException("no Hazelcast configuration at " + file + " (set CLUSTER_CONFIG)");
    }
    if (name != null && !name.isBlank()) {
      config.setClusterName(name.trim());
    }
    NetworkConfig network = config.getNetworkConfig();
    if (host != null && !host.isBlank()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(host.trim()));
      network.setPublicAddress(host.trim());
    }
    if (members != null && !members.isBlank()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true)
          .setMembers(Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList());
    }
    return config;
  }
}
