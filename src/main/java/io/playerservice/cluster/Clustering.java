package io.playerservice.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.config.InvalidConfigException;
import io.playerservice.metrics.Metrics;
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
 * Starts a clustered Vert.x on Hazelcast, with metrics, and traces when the OTEL_* variables ask
 * for them (as {@link Metrics#vertx} builds it). Settings come from {@code conf/cluster.xml} (or
 * {@code CLUSTER_CONFIG}); {@code CLUSTER_NAME} and {@code CLUSTER_HOST} override them, and
 * {@code CLUSTER_MEMBERS} (a TCP/IP list) or {@code CLUSTER_KUBERNETES_SERVICE} (Kubernetes
 * discovery) replace the file's way of finding the other members.
 */
public final class Clustering {
  public static final String CONFIG = "CLUSTER_CONFIG";
  public static final String NAME = "CLUSTER_NAME";
  public static final String HOST = "CLUSTER_HOST";
  public static final String MEMBERS = "CLUSTER_MEMBERS";
  /**
   * A headless Service whose DNS name lists the members' pod addresses: Hazelcast's Kubernetes
   * discovery in DNS lookup mode, which needs no access to the Kubernetes API.
   */
  public static final String KUBERNETES_SERVICE = "CLUSTER_KUBERNETES_SERVICE";
  /** Every environment variable read here. */
  public static final List<String> VARIABLES = List.of(CONFIG, NAME, HOST, MEMBERS, KUBERNETES_SERVICE);

  private Clustering() {
  }

  /**
   * A clustered Vert.x as the environment describes it, reporting its meters to {@code registry}
   * and tracing as {@link Metrics#vertx} builds it.
   */
  public static Future<Vertx> start(Map<String, String> env, MeterRegistry registry) {
    Config hazelcast = hazelcastConfig(env);
    String host = given(env, HOST);
    VertxOptions options = new VertxOptions();
    if (host != null) {
      // The event bus listens on, and tells other nodes, the same address as Hazelcast.
      options.getEventBusOptions().setHost(host).setClusterPublicHost(host);
    }
    return Metrics.vertx(options, registry).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
  }

  /** The file's settings with the environment's overrides (unset or blank: keep the file's value). */
  public static Config hazelcastConfig(Map<String, String> env) {
    Path file = Path.of(env.getOrDefault(CONFIG, "conf/cluster.xml"));
    Config config;
    try {
      config = new XmlConfigBuilder(file.toString()).build();
    } catch (FileNotFoundException e) {
      throw new InvalidConfigException("no Hazelcast configuration at " + file + " (set " + CONFIG + ")");
    }
    String name = given(env, NAME);
    if (name != null) {
      config.setClusterName(name);
    }
    NetworkConfig network = config.getNetworkConfig();
    String host = given(env, HOST);
    if (host != null) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
      network.setPublicAddress(host);
    }
    String members = given(env, MEMBERS);
    String service = given(env, KUBERNETES_SERVICE);
    if (members != null && service != null) {
      throw new InvalidConfigException("set " + MEMBERS + " or " + KUBERNETES_SERVICE + ", not both");
    }
    JoinConfig join = network.getJoin();
    if (members != null || service != null) {
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(members != null);
    }
    if (members != null) {
      join.getTcpIpConfig()
          .setMembers(Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList());
    }
    if (service != null) {
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", service)
          .setProperty("service-port", String.valueOf(network.getPort()));
    }
    return config;
  }

  private static String given(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
