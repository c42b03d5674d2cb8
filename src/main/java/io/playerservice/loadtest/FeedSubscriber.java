package io.playerservice.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One subscriber of the live feed ({@code GET /trades/stream}), behaving as a browser's
 * EventSource: it reads the events, and when its stream breaks it comes back after the stream's
 * {@code retry} with its last id as {@code Last-Event-ID}. It keeps the trade ids it got (for
 * {@link FeedCheck}) and reports each event's delay from the trade's stamp ({@code at}, just
 * before its COMMIT) to its arrival here, in microseconds: the same clock when on the same machine.
 */
final class FeedSubscriber {
  private static final String TRADE = "\"trade\":{\"id\":\"";
  private static final String AT = "\"at\":\"";

  private final Vertx vertx;
  /** Where it connects and reads; its reconnect timers are set there too. */
  private final Context context;
  private final HttpClient client;
  private final RequestOptions stream;
  /** Whose trades it follows; null: all. */
  final String player;
  private final LongConsumer delays;
  private final List<String> trades = new ArrayList<>();
  private final Promise<String> joined = Promise.promise();
  private final StringBuilder text = new StringBuilder();
  private String idField;
  private String dataField;
  private String start;
  private String lastId;
  private long retryMs = 1000;
  private int reconnects;
  private boolean closed;

  FeedSubscriber(Vertx vertx, HttpClient client, RequestOptions server, String player, LongConsumer delays) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.player = player;
    this.delays = delays;
    this.stream = new RequestOptions(server).setMethod(HttpMethod.GET)
        .setURI("/trades/stream" + (player == null ? "" : "?player=" + player));
  }

  /**
   * Opens the stream; completes with its position once the service has told it. It connects on
   * its own event loop, where the answer's handlers are set before its first bytes are read: from
   * the caller's thread, the answer could arrive before {@link #reading} set them, and its first
   * event (the position) be dropped.
   */
  Future<String> open() {
    context.runOnContext(started -> connect());
    return joined.future();
  }

  synchronized String start() {
    return start;
  }

  synchronized List<String> trades() {
    return List.copyOf(trades);
  }

  synchronized int reconnects() {
    return reconnects;
  }

  synchronized void close() {
    closed = true;
  }

  private void connect() {
    RequestOptions request = new RequestOptions(stream);
    synchronized (this) {
      if (lastId != null) {
        request.putHeader("Last-Event-ID", lastId);
      }
    }
    client.request(request)
        .compose(sent -> sent.send())
        .onSuccess(this::reading)
        .onFailure(failure -> broken());
  }

  private void reading(HttpClientResponse response) {
    if (response.statusCode() != 200) { // over the service's limit, say: as EventSource, try again later
      response.body().onComplete(ignored -> broken());
      return;
    }
    response.handler(this::received);
    response.endHandler(end -> broken());
    response.exceptionHandler(failure -> broken());
  }

  private synchronized void broken() {
    text.setLength(0);
    idField = null;
    dataField = null;
    if (!closed) {
      reconnects++;
      vertx.setTimer(retryMs, id -> connect());
    }
  }

  private synchronized void received(Buffer chunk) {
    text.append(chunk.toString(StandardCharsets.UTF_8));
    int end;
    while ((end = text.indexOf("\n")) >= 0) {
      String line = text.substring(0, end);
      text.delete(0, end + 1);
      line(line);
    }
  }

  /** The EventSource rules this service's streams use: id, data, retry, comments, a blank line ends an event. */
  private void line(String line) {
    if (line.startsWith("id: ")) {
      idField = line.substring(4);
    } else if (line.startsWith("data: ")) {
      dataField = line.substring(6);
    } else if (line.startsWith("retry: ")) {
      retryMs = Long.parseLong(line.substring(7).trim());
    } else if (line.isEmpty()) {
      if (idField != null) {
        lastId = idField;
        if (start == null) {
          start = idField;
          joined.tryComplete(start);
        }
      }
      if (dataField != null) {
        event(dataField);
      }
      idField = null;
      dataField = null;
    }
  }

  /**
   * Takes the trade's id and time from the event's data without building its JSON: the client runs
   * beside the service in the benchmark, and its CPU is the service's loss. The data is
   * {@code TradeResult.toJson()}, whose {@code trade} object comes last; anything else is parsed.
   */
  private void event(String data) {
    int trade = data.lastIndexOf(TRADE);
    int at = data.indexOf(AT, trade);
    String id;
    String time;
    if (trade >= 0 && at >= 0) {
      id = data.substring(trade + TRADE.length(), data.indexOf('"', trade + TRADE.length()));
      time = data.substring(at + AT.length(), data.indexOf('"', at + AT.length()));
    } else {
      JsonObject parsed = new JsonObject(data).getJsonObject("trade");
      id = parsed.getString("id");
      time = parsed.getString("at");
    }
    Instant stamped = Instant.parse(time);
    Instant now = Instant.now();
    delays.accept((now.getEpochSecond() - stamped.getEpochSecond()) * 1_000_000L
        + (now.getNano() - stamped.getNano()) / 1000);
    trades.add(id);
  }
}
