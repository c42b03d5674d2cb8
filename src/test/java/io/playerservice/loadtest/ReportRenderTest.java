package io.playerservice.loadtest;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * report.html as a browser shows it: headless Chromium opens the file alone (no server, no
 * network), runs its scripts and dumps the DOM they built, which must hold the charts, the
 * run's numbers and the page's own "rendered" marker, with no script error.
 */
class ReportRenderTest extends ApiTest {
  private static final String CHROMIUM = "chromium-headless-shell";

  @BeforeAll
  static void needsChromium() {
    assumeTrue(onPath(CHROMIUM), CHROMIUM + " is not installed (Debian: apt-get install chromium-headless-shell),"
        + " so the report is not rendered in a browser");
  }

  @Test
  void theReportRendersItsChartsAndTablesOfflineInABrowser(@TempDir Path dir) throws Exception {
    LoadRuns.run(service, dir.resolve("old"), 0);
    JsonObject report = LoadRuns.run(service, dir.resolve("new"), 1, "--mix",
        "trade=50,get=10,list=10,count=10,ledger=10,bulk=10", "--threshold", "p50<1us",
        "--compare", dir.resolve("old").toString()).report();

    String dom = render(dir.resolve("new/report.html"));

    assertFalse(dom.contains("id=\"render-error\""), "no script error: " + excerpt(dom, "render-error"));
    assertTrue(dom.contains("<div id=\"rendered\" data-charts=\"4\">"), "the page finished: " + excerpt(dom, "rendered"));
    assertEquals(4, count(dom, "<canvas"), "uPlot drew four charts");
    for (String chart : List.of("chart-percentiles", "chart-throughput", "chart-latency", "chart-statuses")) {
      assertTrue(Pattern.compile("id=\"" + chart + "\"><div class=\"uplot").matcher(dom).find(), chart);
    }
    String thresholds = table(dom, "thresholds");
    assertTrue(thresholds.contains("<td>p50&lt;1us</td>") && thresholds.contains("CROSSED"), thresholds);
    String kinds = table(dom, "kinds");
    report.getJsonObject("kinds").forEach(e -> assertTrue(kinds.contains("<td>" + e.getKey() + "</td><td>"
        + ((JsonObject) e.getValue()).getLong("requests") + "</td>"), e.getKey() + " in " + kinds));
    JsonObject books = report.getJsonObject("conservation");
    assertTrue(table(dom, "books").contains("<td>" + books.getLong("coinsBefore") + "</td><td>"
        + books.getLong("coinsAfter") + "</td>"), table(dom, "books"));
    assertTrue(table(dom, "books").contains("<td>" + report.getJsonObject("exactlyOnce").getLong("answered200")
        + "</td>"), "the exactly-once check: " + table(dom, "books"));
    assertTrue(table(dom, "compare").contains("<td>" + report.getLong("tradesPerSecond") + "</td>"),
        table(dom, "compare"));
    String settings = table(dom, "settings");
    assertTrue(settings.contains(report.getString("url")) && settings.contains(report.getJsonObject("service")
        .getString("version")), settings);
  }

  /** The DOM after the page's scripts ran. */
  private static String render(Path html) throws IOException, InterruptedException {
    Process chromium = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--dump-dom", html.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium exits once it dumped the page");
    assertEquals(0, chromium.exitValue(), dom);
    return dom;
  }

  private static String table(String dom, String id) {
    Matcher m = Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertTrue(m.find(), "table " + id);
    return m.group(1);
  }

  private static String excerpt(String dom, String id) {
    int at = dom.indexOf("id=\"" + id + "\"");
    return at < 0 ? "(none)" : dom.substring(at, Math.min(dom.length(), at + 600));
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
