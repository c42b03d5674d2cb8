package io.playerservice.feed;

import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradeResult;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The node's one reader of the ledger's head, for every subscriber of the node whatever its
 * filter: it reads the trades after its position and stamped before the cluster's watermark,
 * oldest first, and hands each batch to every instance's {@link FeedHub}, which picks each
 * subscriber's trades. A notification, a heartbeat and the poll timer wake it; at most one read
 * is in flight, and wake-ups during it (and the rest after it) make one more read, so a burst of
 * trades costs a few reads, not one per trade. It reads only while the node has subscribers.
 *
 * <p>It reads outside admission, on the deployment's own connections ({@code history} is on the
 * pool that also serves readiness and the key purge): as a listing it would wait behind every
 * waiting trade, and stand still while trading kept every place busy; as a trade it would wait in
 * the trades' queue, and take their places. It reads one page at a time, of the trades since the
 * last (an index range at the ledger's head).
 */
final class LedgerFollower {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerFollower.class);
  /** Sorts after every id, so a position (t - 1 µs, this) precedes every trade stamped at t or later. */
  private static final UUID LAST_ID = new UUID(-1L, -1L);

  private final FeedNode node;
  private final TradeHistory history;
  private final Context context;
  /** Where the last batch ended; null while the node has no subscriber (then it starts again at the head). */
  private TradeCursor position;
  private boolean reading;
  /** Woken during a read: read once more after it. */
  private boolean again;
  /** The last read filled a page: more is waiting. */
  private boolean behind;
  private boolean stopped;

  /** On the caller's context, reading through {@code history}. */
  LedgerFollower(FeedNode node, TradeHistory history, Context context) {
    this.node = node;
    this.history = history;
    this.context = context;
  }

  /** Reads now, or once more after the read in flight. From any thread. */
  void wake() {
    context.runOnContext(v -> read());
  }

  /** Sends {@code hub} the position its waiting subscribers join at, after every batch sent it before. */
  void anchor(FeedHub hub) {
    context.runOnContext(v -> {
      read(); // starts at the head if it was idle: the hub's subscriber counts already
      if (position != null) {
        TradeCursor at = position;
        hub.context.runOnContext(w -> hub.anchored(at));
      }
    });
  }

  void stop() {
    context.runOnContext(v -> stopped = true);
  }

  private void read() {
    if (stopped) {
      return;
    }
    if (reading) {
      again = true;
      return;
    }
    if (node.subscribers.open() == 0) {
      position = null;
      return;
    }
    long watermark = node.watermark.global();
    if (position == null) { // at the head: every trade stamped before the watermark is behind us
      position = new TradeCursor(Micros.toInstant(watermark - 1), LAST_ID);
    }
    if (watermark <= Micros.of(position.at())) {
      return; // nothing past the position can be final yet
    }
    reading = true;
    again = false;
    Instant below = Micros.toInstant(watermark);
    TradeCursor after = position;
    long started = System.nanoTime();
    history.after(null, after, below, node.page)
        .onComplete(done -> {
          if (done.failed()) { // the next wake-up or poll tries again
            reading = false;
            LOG.debug("feed: reading the ledger failed: {}", done.cause().toString());
            return;
          }
          List<TradeResult> trades = done.result();
          if (!trades.isEmpty()) {
            List<FeedEvent> batch = trades.stream().map(FeedEvent::of).toList();
            position = batch.get(batch.size() - 1).cursor();
            for (FeedHub hub : node.hubs()) {
              hub.context.runOnContext(v -> hub.deliver(batch));
            }
          }
          // Behind by a page: on at once. Otherwise rest as long as the read took, so the reader
          // holds the deployment's connection (readiness and the key purge share it) at most half
          // the time, and the notifications of a busy ledger are read together, fewer and larger
          // reads as the database slows.
          behind = trades.size() == node.page;
          long rest = behind ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          if (rest == 0) {
            rested();
          } else {
            context.owner().setTimer(rest, id -> rested());
          }
        });
  }

  private void rested() {
    reading = false;
    if (again || behind) {
      read();
    }
  }
}
