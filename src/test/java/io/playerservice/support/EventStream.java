package io.playerservice.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
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
 * refused keeps its status and body. Events keep coming while the test looks: a client that leaves
 * and resumes takes its events and its last id together from {@link #leave}.
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

  /**
   * What a stream had when its client left: its events, and its last id (with or without data), the
   * Last-Event-ID a reconnect sends. Taken together, so the id is that of the last of these events,
   * or of a position given after it.
   */
  public record Left(List<Event> events, String lastId) {
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
  /** The client left: what comes after that is not read (guarded by {@code this}, as the parse is). */
  private boolean left;

  private EventStream(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
    response.handler(this::received);
    response.endHandler(v -> ended = true);
    response.exceptionHandler(e -> ended = true);
  }

  /**
   * Opens {@code path} with {@code headers}; returns once the answer's head is in. The request goes
   * from an event loop, where the stream's handlers are set before its first bytes are read: from
   * the test's thread the answer could arrive first, and its first event be dropped.
   */
  public static EventStream open(Vertx vertx, int port, String path, Map<String, String> headers) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost")
        .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(1));
    Promise<EventStream> opened = Promise.promise();
    vertx.getOrCreateContext().runOnContext(started -> client.request(HttpMethod.GET, path)
        .compose(request -> {
          headers.forEach(request::putHeader);
          return request.send();
        })
        .map(response -> new EventStream(client, response))
        .onComplete(opened));
    return opened.future().await();
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

  /**
   * The last id the stream gave, with or without data: what a reconnect sends as Last-Event-ID. It
   * moves on as events come, so it may be past the last of an earlier {@link #events}; a client
   * that leaves and resumes takes both from {@link #leave}.
   */
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

  /** Waits until {@code count} events have come, and returns those that have (more may have, and more come). */
  public List<Event> awaitEvents(int count, Duration patience) {
    await(count + " events").atMost(patience).until(() -> events.size() >= count);
    return events();
  }

  /** Waits until the stream gave an id (its position, for a stream opened without a cursor). */
  public String awaitId(Duration patience) {
    await("an id").atMost(patience).until(() -> lastId != null);
    return lastId;
  }

  /**
   * Leaves the stream, as a browser's EventSource does when it loses its connection: from now on
   * nothing more is read, and the events it had and its last id are returned together. A resume
   * from that id then continues right after the last of these events, whatever was on the way.
   */
  public Left leave() {
    Left had;
    synchronized (this) {
      left = true;
      had = new Left(List.copyOf(events), lastId);
    }
    close();
    return had;
  }

  @Override
  public void close() {
    client.close().await();
  }

  /** On the client's event loop; under the lock {@link #leave} takes, so its events and id agree. */
  private synchronized void received(Buffer chunk) {
    if (left) {
      return;
    }
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
