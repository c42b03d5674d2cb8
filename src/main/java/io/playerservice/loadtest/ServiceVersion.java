package io.playerservice.loadtest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;

/**
 * The version of the service under test, for the report: a {@code version} in its liveness answer
 * or a {@code Server} header when it gives one; else unknown, and the report shows the load
 * generator's own jar, which is the service's when both come from one build.
 */
final class ServiceVersion {
  private ServiceVersion() {
  }

  /** {@code {"url", "version", "versionFrom"}}; never fails: a report is not worth a failed run. */
  static JsonObject of(WebClient http, URI url) {
    JsonObject service = new JsonObject().put("url", url.toString());
    try {
      HttpResponse<Buffer> live = http.get("/health/live").send().await();
      Object version = live.statusCode() == 200 ? live.bodyAsJsonObject().getValue("version") : null;
      if (version != null) {
        return service.put("version", version.toString()).put("versionFrom", "/health/live");
      }
      if (live.getHeader("Server") != null) {
        return service.put("version", live.getHeader("Server")).put("versionFrom", "Server header");
      }
    } catch (RuntimeException e) {
      // not every service has /health/live, or answers it with JSON
    }
    return service.put("version", "player-service " + LoadReport.version()).put("versionFrom",
        "the load generator's jar (the service does not say its version)");
  }
}
