package io.playerservice.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * A Server-Sent Events client for tests, parsing the stream as a browser's EventSource does
 * (fields {@code id}, {@code data}, {@code retry}, comments; an event at each blank line, its id
 * the last id seen): on a connection of its own, so many can be open at once. A stream that is
 * refused keeps its status and body.
 */
public final class EventStream implements AutoCloseable {
  /** One event: its id (the EventSource's lastEventId) and its data. */
  public record Event(String id, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }

    /** The trade id of an event of the live feed. */
    public String tradeId() {
      return json().getJsonObject("trade").getString("id");
    }
  }

  private final HttpClient client;
  private final HttpClientResponse response;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder body = new StringBuilder();
  private String idField;
  private String dataField;
  private volatile String lastId;
  private volatile long retry = -1;
  private volatile int comments;
  private volatile boolean ended;

  private EventStream(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
    response.handler(this::received);
    response.endHandler(v -> ended = true);
    response.exceptionHandler(e -> ended = true);
  }

  /** Opens {@code path} with {@code headers}; returns once the answer's head is in. */
  public static EventStream open(Vertx vertx, int port, String path, Map<String, String> headers) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost")
        .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(1));
    return client.request(HttpMethod.GET, path)
        .compose(request -> {
          headers.forEach(request::putHeader);
          return request.send();
        })
        .map(response -> new EventStream(client, response))
        .await();
  }

  public static EventStream open(Vertx vertx, int port, String path) {
    return open(vertx, port, path, Map.of());
  }

  public int status() {
    return response.statusCode();
  }

  public MultiMap headers() {
    return response.headers();
  }

  /** The whole body of an answer that is not a stream (a refusal), once it has ended. */
  public String body() {
    await("the answer's end").atMost(Duration.ofSeconds(10)).until(() -> ended);
    synchronized (body) {
      return body.toString();
    }
  }

  /** Everything received so far, as sent. */
  public String received() {
    synchronized (body) {
      return body.toString();
    }
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The last id the stream gave, with or without data: what a reconnect sends as Last-Event-ID. */
  public String lastId() {
    return lastId;
  }

  /** The {@code retry} the stream gave (ms), or -1. */
  public long retry() {
    return retry;
  }

  /** Comment lines seen: the stream's keep-alives. */
  public int comments() {
    return comments;
  }

  /** True once the server ended or closed the stream. */
  public boolean ended() {
    return ended;
  }

  /** Waits until {@code count} events have come, and returns them. */
  public List<Event> awaitEvents(int count, Duration patience) {
    await(count + " events").atMost(patience).until(() -> events.size() >= count);
    return events();
  }

  /** Waits until the stream gave an id (its position, for a stream opened without a cursor). */
  public String awaitId(Duration patience) {
    await("an id").atMost(patience).until(() -> lastId != null);
    return lastId;
  }

  @Override
  public void close() {
    client.close().await();
  }

  /** On the client's event loop. */
  private void received(Buffer chunk) {
    String part = chunk.toString(StandardCharsets.UTF_8);
    synchronized (body) {
      body.append(part);
    }
    text.append(part);
    int end;
    while ((end = text.indexOf("\n")) >= 0) {
      String line = text.substring(0, end);
      text.delete(0, end + 1);
      line(line);
    }
  }

  private void line(String line) {
    if (line.isEmpty()) {
      if (idField != null) {
        lastId = idField;
      }
      if (dataField != null) {
        events.add(new Event(lastId, dataField));
      }
      idField = null;
      dataField = null;
    } else if (line.startsWith(":")) {
      comments++;
    } else if (line.startsWith("id: ")) {
      idField = line.substring(4);
    } else if (line.startsWith("data: ")) {
      dataField = dataField == null ? line.substring(6) : dataField + "\n" + line.substring(6);
    } else if (line.startsWith("retry: ")) {
      retry = Long.parseLong(line.substring(7));
    }
  }
}
