package io.playerservice;

import io.playerservice.cli.Main;
import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clean start logs no WARN or ERROR, so that an operator can alert on them: {@code Main serve}
 * in a JVM of its own with the production logging config, on throwaway embedded data, and its
 * first requests (each of which re-registers Vert.x's gauges) and the event-bus consumers of every
 * verticle instance. Nor does a clean stop by SIGTERM, which ends the JVM with 143 (128 + 15).
 */
class CleanStartTest {

  @Test
  void aCleanStartAndItsFirstRequestsLogNoWarning() throws Exception {
    int port = ServiceUnderTest.freePort();
    // Settings from the environment and as flags, as an operator may give them; the command named.
    Map<String, String> settings = Map.of("EMBEDDED_DATA_DIR", ":temp:", "HTTP_PORT", "1");
    List<String> args = List.of("serve", "--http-port", String.valueOf(port), "--verticle-instances=2");
    // The production logback.xml, not the tests' logback-test.xml that the class path puts first.
    try (ServiceProcess process = ServiceProcess.run(Main.class, args, settings,
        List.of("-Dlogback.configurationFile=logback.xml"))) {
      assertTrue(process.awaitOutput("listening on", Duration.ofSeconds(120)), process.output());
      assertTrue(process.output().contains("HTTP port " + port + ", 2 verticle instances"), "the flags won");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + port;
      assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(base + "/players"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"clean\",\"coins\":1,\"goods\":1}")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      for (String path : List.of("/players/clean", "/players/count", "/health/ready", "/metrics")) {
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode(), path);
      }
      // A warning logged by the last request's metrics would arrive within this half second.
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertEquals(List.of(), alarming(process), process.output()));

      // SIGTERM runs the shutdown hook: a graceful stop, and the JVM's status for a signal.
      assertEquals(143, process.terminate(Duration.ofSeconds(30)), process.output());
      assertTrue(process.output().contains("stopping: finishing in-flight requests"), process.output());
      assertTrue(process.lines().stream().anyMatch(line -> line.endsWith(" - stopped")), process.output());
      assertEquals(List.of(), alarming(process), process.output());
    }
  }

  private static List<String> alarming(ServiceProcess process) {
    return process.lines().stream()
        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("WARN"))
        .toList();
  }
}
