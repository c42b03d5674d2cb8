package io.playerservice.http;

import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Swagger UI at /docs, as a browser loads it: the page, every script and stylesheet it and its
 * initializer name, and the contract the initializer points at, which "Try it out" then calls.
 */
class ApiDocsTest extends ApiTest {
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
  private static final Pattern SPEC_URL = Pattern.compile("\\burl:\\s*\"([^\"]+)\"");

  @Test
  void thePageAndEveryAssetItNamesAnswer200WithTheirContentTypes() {
    HttpResponse<Buffer> page = service.get("/docs");
    assertEquals(200, page.statusCode());
    assertEquals("text/html;charset=UTF-8", page.getHeader("Content-Type"));
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    assertTrue(page.getHeader("Content-Security-Policy").contains("script-src 'self'"));

    List<String> references = references(page.bodyAsString());
    assertTrue(references.contains("/docs/swagger-initializer.js"), references.toString());
    assertTrue(references.stream().anyMatch(r -> r.endsWith("/swagger-ui-bundle.js")), references.toString());
    assertTrue(references.stream().anyMatch(r -> r.endsWith("/swagger-ui.css")), references.toString());
    for (String reference : references) {
      String path = URI.create("http://localhost/docs").resolve(reference).getPath();
      HttpResponse<Buffer> asset = service.get(path);
      assertEquals(200, asset.statusCode(), path);
      String contentType = asset.getHeader("Content-Type");
      assertEquals(mediaType(path), contentType.split(";")[0].trim(), path);
      assertTrue(!contentType.startsWith("text/") || contentType.toLowerCase().replace(" ", "").endsWith(";charset=utf-8"), path);
      assertEquals("nosniff", asset.getHeader("X-Content-Type-Options"), path);
      if (path.contains("/swagger-ui/" + ApiDocs.VERSION + "/")) { // the webjar's: versioned, kept a year
        assertEquals("public, immutable, max-age=31536000", asset.getHeader("Cache-Control"), path);
        assertTrue(asset.body().length() > 0, path);
      }
    }
    // The initializer calls what the bundle defines, and nothing else that would need a file.
    String bundle = service.get(ApiDocs.ASSETS + "swagger-ui-bundle.js").bodyAsString();
    assertTrue(bundle.contains("SwaggerUIBundle"));
    assertTrue(service.get("/docs/swagger-initializer.js").bodyAsString().contains("SwaggerUIBundle({"));
  }

  @Test
  void thePagePointsAtTheServedContractWhoseServerIsThisService() {
    String initializer = service.get("/docs/swagger-initializer.js").bodyAsString();
    Matcher spec = SPEC_URL.matcher(initializer);
    assertTrue(spec.find(), initializer);
    URI page = URI.create("http://localhost:" + service.config.httpPort() + "/docs");
    URI contractUrl = page.resolve(spec.group(1));
    assertEquals("/openapi.yaml", contractUrl.getPath());

    HttpResponse<Buffer> contract = service.get(contractUrl.getPath());
    assertEquals(200, contract.statusCode());
    assertEquals("application/yaml", contract.getHeader("Content-Type"));
    Map<String, Object> yaml = new Yaml().load(contract.bodyAsString());
    assertEquals("3.1.0", yaml.get("openapi"));
    // "Try it out" sends each call to the contract's server, resolved against where the
    // contract came from: this very service, on whatever host and port it runs.
    JsonObject json = new JsonObject(yaml);
    String server = json.getJsonArray("servers").getJsonObject(0).getString("url");
    assertEquals(page.resolve("/"), contractUrl.resolve(server));
  }

  @Test
  void withAuthenticationOnTheDocsStayOpenAndTheContractOffersABearerToken(@TempDir Path keys) {
    TestTokens issuer = TestTokens.rsa(service.vertx);
    try (ServiceUnderTest guarded = ServiceUnderTest.start(
        new JsonObject().put("AUTH_JWT_PUBLIC_KEY", issuer.publicKeyPem(keys).toString()))) {
      assertEquals(401, guarded.get("/players/count").statusCode()); // authentication is on
      HttpResponse<Buffer> page = guarded.get("/docs");
      assertEquals(200, page.statusCode());
      for (String reference : references(page.bodyAsString())) {
        assertEquals(200, guarded.get(reference).statusCode(), reference);
      }
      HttpResponse<Buffer> contract = guarded.get("/openapi.yaml");
      assertEquals(200, contract.statusCode());
      // The Authorize button: an HTTP bearer scheme, which every data operation accepts.
      JsonObject json = new JsonObject((Map<String, Object>) new Yaml().load(contract.bodyAsString()));
      JsonObject scheme = json.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");
      assertEquals("http", scheme.getString("type"));
      assertEquals("bearer", scheme.getString("scheme"));
    }
  }

  @Test
  void theWebjarsOwnPagesAreNotTheDocs() {
    // Only the versioned asset folder is served from the webjar; nothing else under /docs.
    assertEquals(404, service.get("/docs/swagger-ui/0.0.0/swagger-ui-bundle.js").statusCode());
    assertEquals(404, service.get("/docs/index.html").statusCode());
  }

  private static List<String> references(String html) {
    List<String> references = new ArrayList<>();
    Matcher matcher = REFERENCE.matcher(html);
    while (matcher.find()) {
      references.add(matcher.group(1));
    }
    return references;
  }

  private static String mediaType(String path) {
    String extension = path.substring(path.lastIndexOf('.') + 1);
    return switch (extension) {
      case "js" -> "text/javascript";
      case "css" -> "text/css";
      case "png" -> "image/png";
      default -> throw new AssertionError("the page names an unexpected kind of file: " + path);
    };
  }
}
