package io.playerservice.feed;

import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * One client's stream, on its hub's event loop. Without a cursor it joins the node's reader where
 * that stands, and tells the client that position as an id. With one it first reads its own
 * filter's trades after the cursor, a page at a time as the client takes them, up to the
 * watermark, and joins the reader once such a read has covered everything up to where the reader
 * stands: so the join leaves no gap, and a trade sent already is never sent again. Live, a client
 * whose write queue is still full when its next trades come is closed; it comes back with its
 * Last-Event-ID and catches up at its own pace.
 *
 * <p>The write queue is counted here, from the writes' own futures: the bytes handed to the
 * response that the socket has not yet taken. Vert.x 5.0.10's {@code writeQueueFull()} on an
 * HTTP/1 response stayed false with megabytes queued (FeedTest's slow subscriber), and its drain
 * handler never came.
 */
final class Subscription {
  private enum State { CATCHING_UP, WAITING, LIVE, CLOSED }

  /** Full above Netty's default high-water mark, the bound {@code writeQueueFull()} would use. */
  private static final int QUEUE_FULL = 64 * 1024;
  /** Drained at Netty's default low-water mark, half of it. */
  private static final int QUEUE_DRAINED = QUEUE_FULL / 2;

  final String player;
  private final FeedHub hub;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private State state = State.WAITING;
  /** The last trade sent, or where it joined; null until a stream without a cursor joins. */
  private TradeCursor sent;
  /** After a catch-up read that reached the watermark: everything of the filter stamped before this is sent. */
  private long coveredBelow;
  /** Joins missed in a row: the reader was ahead of the catch-up's watermark. */
  private int misses;
  /** This batch's trades for the client, written together. */
  private Buffer pending;
  /** Bytes written that the socket has not taken yet. */
  private long queued;
  /** What runs once {@link #queued} drains, while a catch-up waits for the client. */
  private Runnable onDrained;

  Subscription(FeedHub hub, FeedQuery query, HttpServerRequest request) {
    this.hub = hub;
    this.player = query.player();
    this.sent = query.after();
    this.request = request;
    this.response = request.response();
  }

  void start() {
    response.closeHandler(closed -> close());
    write(FeedEvent.retry(hub.node.pollMs));
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
        write(page);
        misses = 0;
      }
      if (trades.size() == hub.node.page) {
        whenDrained(this::catchUp);
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
      write(FeedEvent.position(position));
    } else if (sent.compareTo(position) < 0 && Micros.of(position.at()) >= coveredBelow) {
      // The reader read with a newer watermark than this catch-up did; the next read will have it
      // too, unless a node just joined with an older one: then wait a poll rather than spin.
      if (misses++ == 0) {
        catchUp();
      } else {
        hub.later(this::catchUp);
      }
      return;
    }
    state = State.LIVE;
    hub.live(this);
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
    Buffer out = pending;
    pending = null;
    if (out != null && state == State.LIVE) {
      if (queued > QUEUE_FULL) {
        drop();
      } else {
        write(out);
      }
    }
  }

  void keepAlive() {
    if (state == State.CLOSED) {
      return;
    }
    if (queued <= QUEUE_FULL) {
      write(FeedEvent.keepAlive());
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
    hub.node.dropped();
    close();
    request.connection().close();
  }

  private void close() {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      hub.remove(this);
    }
  }

  private void whenDrained(Runnable next) {
    if (queued <= QUEUE_DRAINED) {
      next.run();
    } else {
      onDrained = next;
    }
  }

  private void write(Buffer bytes) {
    int size = bytes.length();
    queued += size;
    response.write(bytes).onComplete(taken -> {
      queued -= size;
      if (onDrained != null && queued <= QUEUE_DRAINED && state != State.CLOSED) {
        Runnable next = onDrained;
        onDrained = null;
        next.run();
      }
    });
  }
}
