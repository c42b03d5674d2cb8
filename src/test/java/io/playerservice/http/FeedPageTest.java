package io.playerservice.http;

import io.playerservice.support.ApiTest;
import io.playerservice.support.LedgerPages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The live feed's page, {@code /docs/feed.html}, in a real browser: headless Chromium (Debian's
 * {@code chromium-headless-shell}) loads it while trades run and prints the DOM it rendered. The
 * page is asked to stop after a few trades ({@code ?limit=}): a headless browser's virtual time,
 * which decides when the DOM is printed, stands still while a stream is open.
 */
class FeedPageTest extends ApiTest {
  private static final Logger LOG = LoggerFactory.getLogger(FeedPageTest.class);
  private static final String BROWSER = "chromium-headless-shell";
  private static final int ROWS = 5;
  private static final Pattern ROW = Pattern.compile("<tr data-id=\"([^\"]+)\" data-cursor=\"([^\"]+)\">");
  private static final Pattern STATUS = Pattern.compile("<p id=\"status\">([^<]*)</p>");

  @Test
  void thePageRendersARowPerTradeAsTheyCommitNewestOnTop() throws Exception {
    Path browser = onPath(BROWSER);
    if (browser == null) {
      LOG.info("{} is not installed (apt-get install chromium-headless-shell): the feed page's browser test is skipped",
          BROWSER);
      abort(BROWSER + " is not installed: the feed page's browser test is skipped");
    }
    service.post("/players/bulk", new JsonArray().add(player("p", 1_000_000, 1_000_000)).add(player("q", 1_000_000, 1_000_000)));
    AtomicBoolean trading = new AtomicBoolean(true);
    Thread trader = new Thread(() -> {
      while (trading.get()) {
        service.post("/trades", new JsonObject().put("sellId", "p").put("buyId", "q").put("amount", 1).put("price", 1));
      }
    }, "feed-page-trader");
    trader.start();
    String dom;
    try {
      dom = render(browser, "http://localhost:" + service.config.httpPort() + "/docs/feed.html?limit=" + ROWS);
    } finally {
      trading.set(false);
      trader.join();
    }

    Matcher status = STATUS.matcher(dom);
    assertTrue(status.find(), dom);
    assertEquals("stopped after " + ROWS + " trades", status.group(1));
    List<String> ids = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    for (Matcher row = ROW.matcher(dom); row.find(); ) {
      ids.add(row.group(1));
      cursors.add(row.group(2));
    }
    assertEquals(ROWS, ids.size(), dom);
    // Newest on top: read from the bottom, the rows are the ledger's trades one after another.
    String oldest = cursors.get(ROWS - 1);
    List<JsonObject> next = LedgerPages.after(service.client(), null, oldest).subList(0, ROWS - 1);
    List<String> upwards = new ArrayList<>(ids.subList(0, ROWS - 1));
    Collections.reverse(upwards);
    assertEquals(LedgerPages.ids(next), upwards);
    JsonObject first = service.get("/trades/" + ids.get(ROWS - 1)).bodyAsJsonObject();
    assertEquals(LedgerPages.cursorOf(first).encode(), oldest);
    assertTrue(dom.contains(">p</td><td>q</td>"), "seller and buyer shown");
  }

  /** What the browser rendered of {@code url}, once the page has closed its stream. */
  private static String render(Path browser, String url) throws IOException, InterruptedException {
    Path out = Files.createTempFile("feed-page", ".html");
    Path err = Files.createTempFile("feed-page", ".log");
    try {
      // Virtual time passes only once no fetch is pending, that is once the page closed its stream:
      // any budget then lets the last rows render before the DOM is printed.
      Process process = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--virtual-time-budget=1000", "--dump-dom", url)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the browser did not print the page within 60 s: " + Files.readString(err));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
