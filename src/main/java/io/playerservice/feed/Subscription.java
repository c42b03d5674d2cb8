package io.playerservice.feed;

import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One client's stream, on its hub's event loop. Without a cursor it joins the node's reader where
 * that stands, and tells the client that position as an id. With one it first reads its own
 * filter's trades after the cursor, a page at a time as the client takes them, up to the
 * watermark, and joins the reader once such a read has covered everything up to where the reader
 * stands: so the join leaves no gap, and a trade sent already is never sent again. Live, a client
 * whose write queue is still full when its next trades come is closed; it comes back with its
 * Last-Event-ID and catches up at its own pace ({@link StreamWriter} counts the write queue).
 */
final class Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

  private enum State { CATCHING_UP, WAITING, LIVE, CLOSED }

  final String player;
  private final FeedHub hub;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final StreamWriter out;
  private State state = State.WAITING;
  /** The last trade sent, or where it joined; null until a stream without a cursor joins. */
  private TradeCursor sent;
  /** After a catch-up read that reached the watermark: everything of the filter stamped before this is sent. */
  private long coveredBelow;
  /** Joins missed in a row: the reader was ahead of the catch-up's watermark. */
  private int misses;
  /** This batch's trades for the client, written together. */
  private Buffer pending;

  Subscription(FeedHub hub, FeedQuery query, HttpServerRequest request) {
    this.hub = hub;
    this.player = query.player();
    this.sent = query.after();
    this.request = request;
    this.response = request.response();
    this.out = new StreamWriter(response);
  }

  void start() {
    response.closeHandler(closed -> close());
    out.write(FeedEvent.retry(hub.node.pollMs));
    if (sent == null) {
      hub.awaitAnchor(this);
    } else {
      catchUp();
    }
  }

  private void catchUp() {
    state = State.CATCHING_UP;
    long below = hub.node.watermark.global();
    hub.read(player, sent, Micros.toInstant(below)).onComplete(done -> {
      if (state == State.CLOSED) {
        return;
      }
      if (done.failed()) { // the database is down or busy: the stream waits, kept alive, and tries again
        hub.later(this::catchUp);
        return;
      }
      List<TradeResult> trades = done.result();
      if (!trades.isEmpty()) {
        Buffer page = Buffer.buffer();
        for (TradeResult trade : trades) {
          FeedEvent event = FeedEvent.of(trade);
          page.appendBytes(event.bytes());
          sent = event.cursor();
        }
        out.write(page);
        misses = 0;
      }
      if (trades.size() == hub.node.page) {
        out.whenDrained(this::catchUp);
      } else {
        coveredBelow = below;
        state = State.WAITING;
        hub.awaitAnchor(this);
      }
    });
  }

  /** Where the node's reader stands: join it when nothing lies between, else read again. */
  void anchored(TradeCursor position) {
    if (state != State.WAITING) {
      return;
    }
    if (sent == null) {
      sent = position;
      out.write(FeedEvent.position(position));
      LOG.debug("feed: a stream of {} joins the reader where it stands, at {}", filter(), position);
    } else if (sent.compareTo(position) < 0 && Micros.of(position.at()) >= coveredBelow) {
      // The reader read with a newer watermark than this catch-up did; the next read will have it
      // too, unless a node just joined with an older one: then wait a poll rather than spin.
      LOG.debug("feed: a stream of {} sent up to {} and everything before {}, short of the reader at {}: reads again",
          filter(), sent, Micros.toInstant(coveredBelow), position);
      if (misses++ == 0) {
        catchUp();
      } else {
        hub.later(this::catchUp);
      }
      return;
    } else { // where a gap or a repeat at the join would show: what the stream sent, and where the reader stands
      LOG.debug("feed: a stream of {} joins the reader at {}, having sent up to {} and everything before {}",
          filter(), position, sent, Micros.toInstant(coveredBelow));
    }
    state = State.LIVE;
    hub.live(this);
  }

  private String filter() {
    return player == null ? "all trades" : player;
  }

  /** Takes a trade of the node's batch; true when it is the first of the batch for this client. */
  boolean offer(FeedEvent event) {
    if (state != State.LIVE || event.cursor().compareTo(sent) <= 0) {
      return false;
    }
    boolean first = pending == null;
    if (first) {
      pending = Buffer.buffer();
    }
    pending.appendBytes(event.bytes());
    sent = event.cursor();
    return first;
  }

  void flush() {
    Buffer batch = pending;
    pending = null;
    if (batch != null && state == State.LIVE) {
      if (out.full()) {
        drop();
      } else {
        out.write(batch);
      }
    }
  }

  void keepAlive() {
    if (state == State.CLOSED) {
      return;
    }
    if (!out.full()) {
      out.write(FeedEvent.keepAlive());
    } else if (state == State.LIVE) {
      drop();
    } // catching up: the next page waits for the client to drain the last one
  }

  /**
   * The instance stops: the connection closes, and the client reconnects (to another instance or
   * node) from its Last-Event-ID. Not a graceful end: a client that reads no more would hold the
   * server's shutdown for its whole grace.
   */
  void end() {
    if (state != State.CLOSED) {
      close();
      request.connection().close();
    }
  }

  /** Too slow: its unsent bytes are dropped with the connection, so they hold no memory. */
  private void drop() {
    hub.node.subscribers.dropped();
    close();
    request.connection().close();
  }

  private void close() {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      out.closed();
      hub.remove(this);
    }
  }
}
