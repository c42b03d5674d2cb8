package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * report.html: one file that works offline and alone. The page ({@code loadtest/report.html}) draws
 * its charts and tables from the report's JSON with uPlot, and both are inlined into it from the
 * jar, so no CDN or second file is needed to open it.
 */
final class HtmlReport {
  private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";

  private HtmlReport() {
  }

  static String render(JsonObject report) {
    return read("loadtest/report.html")
        .replace("/*uPlot.css*/", read(UPLOT + "uPlot.min.css"))
        .replace("/*uPlot.js*/", read(UPLOT + "uPlot.iife.min.js"))
        .replace("/*report.json*/", inScript(report.encode()));
  }

  /**
   * JSON that cannot end its script element or open a comment in it; {@code \/} is JSON's own
   * escape for {@code /}, so the text still parses to the same value.
   */
  private static String inScript(String json) {
    return json.replace("</", "<\\/").replace("<!--", "<\\u0021--");
  }

  /** The webjar's version as the jar itself states it, so the pom names it once. */
  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static String read(String name) {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the class path");
    }
    return in;
  }
}
