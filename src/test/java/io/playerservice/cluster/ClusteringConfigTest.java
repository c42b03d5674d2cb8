package io.playerservice.cluster;

import com.hazelcast.config.JoinConfig;
import io.playerservice.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the CLUSTER_* variables change conf/cluster.xml's way of finding the other members. */
class ClusteringConfigTest {

  @Test
  void aKubernetesServiceReplacesTheFilesTcpIpJoinWithDnsDiscoveryOnHazelcastsPort() {
    JoinConfig join = Clustering.hazelcastConfig(Map.of(Clustering.KUBERNETES_SERVICE, " members.ns.svc "))
        .getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("members.ns.svc", join.getKubernetesConfig().getProperty("service-dns"));
    assertEquals("5701", join.getKubernetesConfig().getProperty("service-port"));
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
  }

  @Test
  void withoutOverridesTheFileJoinsByTcpIp() {
    JoinConfig join = Clustering.hazelcastConfig(Map.of()).getNetworkConfig().getJoin();
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getKubernetesConfig().isEnabled());
  }

  @Test
  void membersAndAKubernetesServiceTogetherAreRefused() {
    InvalidConfigException refused = assertThrows(InvalidConfigException.class, () -> Clustering.hazelcastConfig(
        Map.of(Clustering.MEMBERS, "10.0.0.5", Clustering.KUBERNETES_SERVICE, "members")));
    assertEquals("set CLUSTER_MEMBERS or CLUSTER_KUBERNETES_SERVICE, not both", refused.getMessage());
  }
}
