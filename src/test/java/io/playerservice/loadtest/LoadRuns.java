package io.playerservice.loadtest;

import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the load generator as the command does against a service under test: 50 players, 8
 * connections, 2 s and no warm-up unless {@code extra} says otherwise (the last of an option wins).
 */
final class LoadRuns {
  /** What the run printed and the report.json it wrote. */
  record Result(String printed, JsonObject report) {
  }

  private LoadRuns() {
  }

  /** Requests of every kind the report counts. */
  static long requests(JsonObject report) {
    return report.getJsonObject("kinds").stream().mapToLong(e -> ((JsonObject) e.getValue()).getLong("requests")).sum();
  }

  static Result run(ServiceUnderTest service, Path out, int expectedStatus, String... extra) {
    List<String> args = new ArrayList<>(List.of("--url", "http://localhost:" + service.config.httpPort(),
        "--players", "50", "--connections", "8", "--duration", "2", "--warmup", "0", "--out", out.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = new LoadGenerator(service.vertx, LoadOptions.parse(args),
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(expectedStatus, status, printed);
    assertTrue(printed.contains("trades/s  p50"), "a progress line each second: " + printed);
    assertTrue(printed.contains("conservation: coins"), printed);
    assertTrue(printed.contains("generator: "), "the generator's own load is reported: " + printed);
    try {
      String html = Files.readString(out.resolve("report.html"));
      assertTrue(html.contains("uPlot") && !html.contains("/*report.json*/"), "the report inlines uPlot and the run");
      return new Result(printed, new JsonObject(Files.readString(out.resolve("report.json"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
