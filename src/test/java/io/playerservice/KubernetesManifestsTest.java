package io.playerservice;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.playerservice.cluster.Clustering;
import io.playerservice.config.ServiceConfig;
import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests in conf/kubernetes agree with the service: their probes name routes that
 * answer, their ports are the ones the settings open, every variable they set is one the
 * service reads, and Kubernetes waits long enough for a graceful shutdown.
 */
class KubernetesManifestsTest extends ApiTest {
  private static final Path DIR = Path.of("conf/kubernetes");
  private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

  @Test
  void everyKustomizationNamesFilesThatExist() throws IOException {
    List<Path> kustomizations = files().stream().filter(KubernetesManifestsTest::isKustomization).toList();
    assertTrue(kustomizations.size() >= 3, kustomizations.toString()); // the default, base, clustered
    for (Path kustomization : kustomizations) {
      Map<String, Object> document = load(kustomization).get(0);
      List<Object> named = new ArrayList<>(list(document, "resources"));
      list(document, "patches").forEach(patch -> named.add(((Map<?, ?>) patch).get("path")));
      for (Object name : named) {
        assertTrue(Files.exists(kustomization.resolveSibling(name.toString())), kustomization + " names " + name);
      }
    }
  }

  @Test
  void theProbesNameRoutesOfTheRunningServiceOnItsHttpPort() throws IOException {
    int probes = 0;
    for (Map<String, Object> container : containers()) {
      for (String kind : PROBES) {
        Map<String, Object> probe = map(container, kind);
        if (probe.isEmpty()) {
          continue;
        }
        Map<String, Object> get = map(probe, "httpGet");
        String path = (String) get.get("path");
        assertEquals(200, service.get(path).statusCode(), kind + " " + path);
        assertEquals(httpPort(container), containerPort(container, get.get("port")), kind + " port");
        probes++;
      }
    }
    assertEquals(PROBES.size(), probes);
  }

  @Test
  void thePortsAreTheOnesTheSettingsOpen() throws IOException {
    Map<String, Object> container = containers().get(0);
    // The HTTP port the settings in the manifest give (HTTP_PORT, or its default).
    int http = ServiceConfig.fromJson(new JsonObject(new HashMap<>(literalSettings(container)))).httpPort();
    assertEquals(http, httpPort(container));
    Map<String, Object> api = service("player-service");
    assertEquals(http, containerPort(container, port(api, "http").get("targetPort")));

    // Clustered: Hazelcast's port as conf/cluster.xml and the manifest's CLUSTER_* give it, and
    // its members found through the headless Service on that port.
    Map<String, String> clusterEnv = new HashMap<>(literalClusterVariables(container));
    clusterEnv.put(Clustering.CONFIG, "conf/cluster.xml");
    Config hazelcast = Clustering.hazelcastConfig(clusterEnv);
    int hazelcastPort = hazelcast.getNetworkConfig().getPort();
    assertEquals(hazelcastPort, containerPort(container, "hazelcast"));
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    String headless = join.getKubernetesConfig().getProperty("service-dns");
    Map<String, Object> members = service(headless);
    assertEquals("None", map(members, "spec").get("clusterIP"));
    assertEquals(true, map(members, "spec").get("publishNotReadyAddresses"));
    assertEquals(hazelcastPort, containerPort(container, port(members, "hazelcast").get("targetPort")));
  }

  @Test
  void everyEnvironmentVariableIsOneTheServiceReads() throws IOException {
    int variables = 0;
    for (Map<String, Object> container : containers()) {
      for (Object entry : list(container, "env")) {
        String name = (String) ((Map<?, ?>) entry).get("name");
        assertTrue(ServiceConfig.KEYS.contains(name) || Clustering.VARIABLES.contains(name), name);
        variables++;
      }
    }
    assertTrue(variables > 0);
  }

  @Test
  void kubernetesWaitsForTheGracefulShutdownBeforeItKills() throws IOException {
    Map<String, Object> pod = map(map(deployment(), "spec"), "template");
    Number grace = (Number) map(pod, "spec").get("terminationGracePeriodSeconds");
    Map<String, Object> container = containers().get(0);
    Number preStop = (Number) map(map(map(container, "lifecycle"), "preStop"), "sleep").get("seconds");
    assertTrue(grace.longValue() > preStop.longValue() + PlayerServiceVerticle.SHUTDOWN_GRACE_SECONDS,
        "terminationGracePeriodSeconds " + grace);
  }

  @Test
  void theServicesAndTheAutoscalerSelectTheDeployment() throws IOException {
    Map<String, Object> deployment = deployment();
    Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
    List<Map<String, Object>> services = documents().stream().filter(d -> "Service".equals(d.get("kind"))).toList();
    assertEquals(2, services.size());
    for (Map<String, Object> service : services) {
      map(map(service, "spec"), "selector").forEach((key, value) -> assertEquals(value, podLabels.get(key), key));
    }
    Map<String, Object> autoscaler = documents().stream()
        .filter(d -> "HorizontalPodAutoscaler".equals(d.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> target = map(map(autoscaler, "spec"), "scaleTargetRef");
    assertEquals("Deployment", target.get("kind"));
    assertEquals(map(deployment, "metadata").get("name"), target.get("name"));
  }

  /** The Deployment's one container, with what the clustered patch adds merged in by name. */
  private static List<Map<String, Object>> containers() throws IOException {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Map<String, Object> document : documents()) {
      if ("Deployment".equals(document.get("kind"))) {
        for (Object item : list(map(map(map(document, "spec"), "template"), "spec"), "containers")) {
          Map<String, Object> container = cast(item);
          Map<String, Object> merged = byName.computeIfAbsent((String) container.get("name"), n -> new HashMap<>());
          container.forEach((key, value) -> merged.merge(key, value, KubernetesManifestsTest::mergeLists));
        }
      }
    }
    assertEquals(1, byName.size(), byName.keySet().toString());
    return List.copyOf(byName.values());
  }

  /** Strategic merge as kubectl does it for the lists here (env, ports): both lists' entries. */
  private static Object mergeLists(Object base, Object patch) {
    if (base instanceof List<?> first && patch instanceof List<?> second) {
      List<Object> both = new ArrayList<>(first);
      both.addAll(second);
      return both;
    }
    return patch;
  }

  /** The Deployment itself, not the clustered patch of it (which has no selector). */
  private static Map<String, Object> deployment() throws IOException {
    return documents().stream()
        .filter(d -> "Deployment".equals(d.get("kind")) && map(d, "spec").containsKey("selector"))
        .findFirst().orElseThrow();
  }

  private static Map<String, Object> service(String name) throws IOException {
    return documents().stream()
        .filter(d -> "Service".equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no Service " + name));
  }

  private static Map<String, Object> port(Map<String, Object> service, String name) {
    return list(map(service, "spec"), "ports").stream().map(KubernetesManifestsTest::cast)
        .filter(p -> name.equals(p.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no port " + name));
  }

  private static int httpPort(Map<String, Object> container) {
    return containerPort(container, "http");
  }

  /** A container port by name or number, as a probe or a Service's targetPort names it. */
  private static int containerPort(Map<String, Object> container, Object nameOrNumber) {
    return list(container, "ports").stream().map(KubernetesManifestsTest::cast)
        .filter(p -> Objects.equals(p.get("name"), nameOrNumber) || Objects.equals(p.get("containerPort"), nameOrNumber))
        .map(p -> ((Number) p.get("containerPort")).intValue())
        .findFirst().orElseThrow(() -> new AssertionError("no container port " + nameOrNumber));
  }

  /** The service's settings the manifest gives as values (those from Secrets are not known). */
  private static Map<String, Object> literalSettings(Map<String, Object> container) {
    Map<String, Object> settings = new HashMap<>();
    literals(container).forEach((name, value) -> {
      if (ServiceConfig.KEYS.contains(name)) {
        settings.put(name, value);
      }
    });
    return settings;
  }

  private static Map<String, String> literalClusterVariables(Map<String, Object> container) {
    Map<String, String> variables = new HashMap<>();
    literals(container).forEach((name, value) -> {
      if (Clustering.VARIABLES.contains(name)) {
        variables.put(name, value);
      }
    });
    return variables;
  }

  private static Map<String, String> literals(Map<String, Object> container) {
    Map<String, String> literals = new HashMap<>();
    for (Object item : list(container, "env")) {
      Map<String, Object> entry = cast(item);
      if (entry.containsKey("value")) {
        literals.put((String) entry.get("name"), String.valueOf(entry.get("value")));
      }
    }
    return literals;
  }

  /** Every Kubernetes object in the manifests (kustomize's own files left out). */
  private static List<Map<String, Object>> documents() throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Path file : files()) {
      if (!isKustomization(file)) {
        documents.addAll(load(file));
      }
    }
    return documents;
  }

  private static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static boolean isKustomization(Path file) {
    return file.getFileName().toString().equals("kustomization.yaml");
  }

  private static List<Map<String, Object>> load(Path file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : new Yaml().loadAll(reader)) {
        documents.add(cast(document));
      }
    }
    return documents;
  }

  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value == null ? Map.of() : cast(value);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value == null ? List.of() : (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }
}
