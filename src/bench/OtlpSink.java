import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector that keeps nothing, for measuring what tracing costs the service: it accepts
 * OTLP/HTTP protobuf exports on 127.0.0.1 ({@code POST /v1/traces}), counts the requests, bytes and
 * spans, answers 200 with an empty ExportTraceServiceResponse, and drops them. {@code GET /stats}
 * prints the counts. JDK only, run as a single-file program:
 *
 * <pre>java src/bench/OtlpSink.java 4318</pre>
 */
public final class OtlpSink {
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final AtomicLong BYTES = new AtomicLong();
  private static final AtomicLong SPANS = new AtomicLong();

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4318;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    server.createContext("/v1/traces", OtlpSink::export);
    server.createContext("/stats", exchange -> answer(exchange, 200, "text/plain",
        ("requests " + REQUESTS.get() + " bytes " + BYTES.get() + " spans " + SPANS.get() + "\n")
            .getBytes(StandardCharsets.UTF_8)));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    System.out.println("OTLP/HTTP sink on http://127.0.0.1:" + port + "/v1/traces");
  }

  private static void export(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    REQUESTS.incrementAndGet();
    BYTES.addAndGet(body.length);
    SPANS.addAndGet(countSpans(body));
    answer(exchange, 200, "application/x-protobuf", new byte[0]);
  }

  /**
   * Spans in an ExportTraceServiceRequest: resource_spans (field 1) hold scope_spans (field 2),
   * which hold spans (field 2). A walk over the wire format; nothing else is decoded.
   */
  private static long countSpans(byte[] request) {
    long spans = 0;
    for (ByteBuffer resourceSpans : fields(ByteBuffer.wrap(request), 1)) {
      for (ByteBuffer scopeSpans : fields(resourceSpans, 2)) {
        spans += fields(scopeSpans, 2).size();
      }
    }
    return spans;
  }

  /** The length-delimited values of field {@code number} in one message. */
  private static List<ByteBuffer> fields(ByteBuffer message, int number) {
    List<ByteBuffer> found = new ArrayList<>();
    while (message.hasRemaining()) {
      long tag = varint(message);
      switch ((int) (tag & 7)) {
        case 0 -> varint(message);
        case 1 -> message.position(message.position() + 8);
        case 5 -> message.position(message.position() + 4);
        case 2 -> {
          int length = (int) varint(message);
          ByteBuffer value = message.slice(message.position(), length);
          message.position(message.position() + length);
          if (tag >>> 3 == number) {
            found.add(value);
          }
        }
        default -> throw new IllegalArgumentException("not protobuf: wire type " + (tag & 7));
      }
    }
    return found;
  }

  private static long varint(ByteBuffer buffer) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = buffer.get();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }

  private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }
}
