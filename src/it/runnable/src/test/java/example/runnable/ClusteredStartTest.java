package example.runnable;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar player-service.jar serve --cluster} with {@code LOG_FORMAT=json}, on throwaway
 * embedded data: every line it writes is a JSON log line (the jar carries the logging config) and
 * none is a warning or an error (the manifest opens what Hazelcast asks for, and its CP notice is
 * not shown), through its start, a first request and a stop by SIGTERM.
 */
class ClusteredStartTest {

  @Test
  void aClusteredStartLogsJsonLinesAndNoWarning() throws Exception {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("runnableJar"), "serve", "--cluster").redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("TIDB_") || name.startsWith("CLUSTER_")
        || name.startsWith("OTEL_") || name.equals("CONFIG_FILE"));
    builder.environment().putAll(Map.of(
        "EMBEDDED_DATA_DIR", ":temp:",
        "HTTP_PORT", String.valueOf(port),
        "LOG_FORMAT", "json",
        "CLUSTER_CONFIG", System.getProperty("clusterConfig"),
        "CLUSTER_NAME", "runnable-" + UUID.randomUUID(),
        "CLUSTER_HOST", "127.0.0.1",
        "CLUSTER_MEMBERS", "127.0.0.1"));
    Process service = builder.start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(service));
    try {
      assertEquals(200, firstAnswer(service, URI.create("http://127.0.0.1:" + port + "/players/count")));
    } finally {
      service.toHandle().destroy(); // SIGTERM, leaving the output to be read (Process.destroy() closes it)
      assertTrue(service.waitFor(60, TimeUnit.SECONDS), "stopped");
    }

    List<String> lines = output.get(10, TimeUnit.SECONDS).lines().toList();
    assertTrue(lines.stream().anyMatch(line -> line.contains("listening on")), String.join("\n", lines));
    List<String> unexpected = lines.stream()
        .filter(line -> !line.startsWith("{") || line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""))
        .toList();
    assertEquals(List.of(), unexpected, "every line a JSON log line below WARN");
  }

  /** The status of the first request the service answers, retried while it starts (up to 2 minutes). */
  private static int firstAnswer(Process service, URI uri) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      try {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException notListeningYet) {
        assertTrue(service.isAlive() && System.nanoTime() < deadline, "the service never answered");
        Thread.sleep(200);
      }
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
