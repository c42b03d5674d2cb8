package io.playerservice.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Swagger UI at {@code /docs}, on the service's own contract ({@code GET /openapi.yaml}). The
 * assets come from the {@code org.webjars:swagger-ui} webjar through vertx-web's static handler;
 * the page and its initializer are ours, since the webjar's point at the petstore. Beside it, the
 * live trade feed at {@code /docs/feed.html}, whose script reads {@code GET /trades/stream}.
 * Nothing here touches the database: the routes stand before admission control and authentication.
 */
final class ApiDocs {
  static final String PAGE = "/docs";
  static final String INITIALIZER_PATH = "/docs/swagger-initializer.js";
  static final String FEED_PAGE = "/docs/feed.html";
  static final String FEED_SCRIPT = "/docs/feed.js";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  /** The webjar's version as the jar itself states it, so the pom names it once. */
  static final String VERSION = webjarVersion();
  /**
   * The assets' URLs carry the version, so a browser may keep them for a year without asking:
   * another version of the webjar is another URL.
   */
  static final String ASSETS = "/docs/swagger-ui/" + VERSION + "/";
  private static final int A_YEAR_SECONDS = 365 * 24 * 3600;
  private static final Buffer PAGE_HTML = Buffer.buffer(
      read("docs/index.html").toString(StandardCharsets.UTF_8).replace("{{version}}", VERSION));
  private static final Buffer INITIALIZER = read("docs/swagger-initializer.js");
  private static final Buffer FEED_HTML = read("docs/feed.html");
  private static final Buffer FEED_JS = read("docs/feed.js");
  /**
   * Only this origin's scripts; Swagger UI sets inline styles and draws data: images; "Try it
   * out" and the feed's EventSource call this origin only.
   */
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  /** Our own page and initializer change with the service: a browser asks again each time. */
  private static final String REVALIDATE = "no-cache";

  private ApiDocs() {
  }

  /** Adds the page, its initializer and the webjar's assets to {@code router}. */
  static void mount(Router router) {
    router.route(PAGE + "/*").handler(ApiDocs::securityHeaders);
    router.route(PAGE).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> send(ctx, "text/html;charset=UTF-8", PAGE_HTML));
    router.route(INITIALIZER_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> send(ctx, "text/javascript;charset=UTF-8", INITIALIZER));
    router.route(FEED_PAGE).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> send(ctx, "text/html;charset=UTF-8", FEED_HTML));
    router.route(FEED_SCRIPT).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> send(ctx, "text/javascript;charset=UTF-8", FEED_JS));
    router.route(ASSETS + "*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        // UTF-8 always: the handler would otherwise name the platform's charset, which in a
        // container without a locale is US-ASCII.
        .handler(StaticHandler.create(WEBJAR + VERSION).setMaxAgeSeconds(A_YEAR_SECONDS)
            .setDefaultContentEncoding("UTF-8"));
  }

  /** Whether a route of this path is one of these (the page or a file it loads). */
  static boolean serves(String path) {
    return path.equals(PAGE) || path.startsWith(PAGE + "/");
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }

  private static void send(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE)
        .end(body.copy());
  }

  private static String webjarVersion() {
    Properties properties = new Properties();
    try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static Buffer read(String name) {
    try (InputStream in = resource(name)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the class path (the org.webjars:swagger-ui jar?)");
    }
    return in;
  }
}
