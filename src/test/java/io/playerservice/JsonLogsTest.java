package io.playerservice;

import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code LOG_FORMAT=json}: {@code Main serve} in a JVM of its own, with the production
 * {@code logback.xml}, writes nothing but JSON lines, and each line written while a request is
 * served carries that request's id in its MDC, though many requests interleave on one event loop.
 * Tracing is off (no OTEL_* variable), so neither the lines nor the problems name a trace.
 */
class JsonLogsTest {
  private static final int REQUESTS = 60;

  @Test
  void everyLineIsJsonAndARequestsLinesCarryItsId() throws Exception {
    int port = ServiceUnderTest.freePort();
    Map<String, String> settings = new HashMap<>();
    TestDatabase.config().withHttpPort(port).toJson()
        .forEach(entry -> settings.put(entry.getKey(), String.valueOf(entry.getValue())));
    settings.put("VERTICLE_INSTANCES", "1"); // one event loop, so the requests interleave on it
    settings.put("LOG_FORMAT", "json");
    settings.put("REQUEST_LOG_LEVEL", "DEBUG"); // a line per request, as its response ends
    List<String> output;
    try (ServiceProcess process = ServiceProcess.start(settings, List.of("-Dlogback.configurationFile=logback.xml"))) {
      assertTrue(process.awaitOutput("listening on", Duration.ofSeconds(60)), process.output());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) { // all at once: reads, and 404s that read the database first
        String path = i % 2 == 0 ? "/players/count" : "/players/nobody-" + i;
        answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Request-Id", "json-" + i).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < REQUESTS; i++) {
        HttpResponse<String> answer = answers.get(i).join();
        assertEquals(i % 2 == 0 ? 200 : 404, answer.statusCode(), answer.body());
        if (i % 2 == 1) {
          assertFalse(new JsonObject(answer.body()).containsKey("traceId"), answer.body());
        }
      }
      assertTrue(process.awaitOutput("[json-" + (REQUESTS - 1) + "]", Duration.ofSeconds(10)), process.output());
      output = process.lines();
    }

    List<JsonObject> lines = output.stream().map(JsonLogsTest::parse).toList();
    for (int i = 0; i < REQUESTS; i++) {
      String id = "json-" + i;
      List<JsonObject> about = lines.stream()
          .filter(line -> line.getString("formattedMessage").endsWith("[" + id + "]")).toList();
      assertEquals(1, about.size(), id + " in " + output);
      assertEquals("io.playerservice.http.RequestLog", about.get(0).getString("loggerName"));
      assertEquals(Map.of("request_id", id), about.get(0).getJsonObject("mdc").getMap(), about.get(0).encode());
    }
    JsonObject listening = lines.stream().filter(line -> line.getString("formattedMessage").contains("listening on"))
        .findFirst().orElseThrow();
    assertEquals(Map.of(), listening.getJsonObject("mdc").getMap(), "a line outside any request: " + listening.encode());
  }

  /** The line as a JSON object, or a failure that quotes it. */
  private static JsonObject parse(String line) {
    try {
      return new JsonObject(line);
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
