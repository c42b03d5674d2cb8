package io.playerservice;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import io.playerservice.telemetry.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With tracing on, as {@link Tracing} turns it on, a request is one server span with the SQL
 * client's spans inside it, and its trace id is in its problem document and its log lines. The
 * spans go to the SDK's in-memory exporter, one by one as they end.
 */
class TracingTest {
  private static final AttributeKey<String> STATEMENT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static OpenTelemetrySdk openTelemetry;
  private static ServiceUnderTest service;

  private final Logger requestLog = (Logger) LoggerFactory.getLogger("io.playerservice.http.RequestLog");
  /** Each line with the MDC it was written with (read as it is appended, on the logging thread). */
  private final List<Map<String, String>> mdcs = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      mdcs.add(Map.copyOf(event.getMDCPropertyMap()));
    }
  };

  @BeforeAll
  static void startTracedService() {
    openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    Vertx vertx = Tracing.with(Vertx.builder(), openTelemetry).build();
    service = ServiceUnderTest.startOn(vertx, TestDatabase.config().withHttpPort(ServiceUnderTest.freePort()));
  }

  @AfterAll
  static void stop() {
    service.close();
    openTelemetry.close();
  }

  @BeforeEach
  void emptyTables() {
    service.reset();
    SPANS.reset();
    capture.start();
    requestLog.addAppender(capture);
  }

  @AfterEach
  void release() {
    requestLog.detachAppender(capture);
    requestLog.setLevel(null);
  }

  @Test
  void aTradeIsOneServerSpanWithItsStatementsInside() {
    service.post("/players/bulk", "[{\"id\":\"s\",\"coins\":0,\"goods\":5},{\"id\":\"b\",\"coins\":9,\"goods\":0}]");
    awaitServerSpans(1);
    SPANS.reset();

    var response = service.post("/trades",
        new JsonObject().put("sellId", "s").put("buyId", "b").put("amount", 1).put("price", 2));
    assertEquals(200, response.statusCode(), response.bodyAsString());

    List<SpanData> servers = awaitServerSpans(1);
    assertEquals(1, servers.size(), servers.toString());
    SpanData server = servers.get(0);
    assertEquals("POST", server.getAttributes().get(METHOD), server.toString());
    assertEquals("/trades", server.getAttributes().get(PATH), server.toString());
    List<SpanData> statements = SPANS.getFinishedSpanItems().stream()
        .filter(span -> span.getKind() == SpanKind.CLIENT).toList();
    for (SpanData statement : statements) {
      assertEquals(server.getTraceId(), statement.getTraceId(), statement.toString());
      assertEquals(server.getSpanId(), statement.getParentSpanId(), statement.toString());
    }
    List<String> sql = statements.stream().map(span -> span.getAttributes().get(STATEMENT)).toList();
    assertTrue(sql.stream().anyMatch(s -> s.startsWith("SELECT id, coins, goods FROM player") && s.endsWith("FOR UPDATE")),
        sql.toString());
    assertTrue(sql.stream().anyMatch(s -> s.strip().startsWith("UPDATE player")), sql.toString());
    assertTrue(sql.stream().anyMatch(s -> s.startsWith("INSERT INTO trade")), sql.toString());
    assertEquals(3, sql.size(), sql.toString()); // lock both, write both, the ledger row: nothing else
  }

  @Test
  void aProblemDocumentNamesTheTraceOfItsServerSpan() {
    var response = service.get("/players/nobody");
    String traceId = assertProblem(response, 404).getString("traceId");
    assertTrue(traceId.matches("[0-9a-f]{32}"), traceId); // the contract's pattern
    assertEquals(awaitServerSpans(1).get(0).getTraceId(), traceId);
  }

  @Test
  void aCallersTraceparentMakesTheServerSpanPartOfTheCallersTrace() {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parent = "00f067aa0ba902b7";
    var response = service.client().get("/players/nobody")
        .putHeader("traceparent", "00-" + trace + "-" + parent + "-01").send().await();
    assertEquals(trace, assertProblem(response, 404).getString("traceId"));
    SpanData server = awaitServerSpans(1).get(0);
    assertEquals(trace, server.getTraceId());
    assertEquals(parent, server.getParentSpanId());
  }

  @Test
  void theLinesARequestLogsCarryItsRequestAndTraceIds() {
    requestLog.setLevel(Level.DEBUG); // one line per request, written as its response ends
    String requestId = service.client().get("/players/count").putHeader("X-Request-Id", "traced-1").send().await()
        .getHeader("X-Request-Id");
    SpanData server = awaitServerSpans(1).get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> !mdcs.isEmpty());
    assertEquals(Map.of("request_id", requestId, "trace_id", server.getTraceId(), "span_id", server.getSpanId()),
        mdcs.get(0));
  }

  /** The server spans finished so far, once there are {@code count}; spans end as responses are written. */
  private static List<SpanData> awaitServerSpans(int count) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> SPANS.getFinishedSpanItems().stream()
        .filter(span -> span.getKind() == SpanKind.SERVER).toList(), spans -> spans.size() >= count);
  }
}
