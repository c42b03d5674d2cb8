package io.playerservice.feed;

import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeResult;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * A trade as the stream sends it: an event whose {@code id} is the trade's ledger cursor and whose
 * {@code data} is the trade as {@code GET /trades/{id}} shows it, encoded once for every subscriber.
 * JSON has no raw line breaks, so the data is one line.
 */
record FeedEvent(TradeCursor cursor, String sellId, String buyId, byte[] bytes) {
  /** Before anything else: how long a client waits before it reconnects (EventSource's {@code retry}). */
  static Buffer retry(long ms) {
    return Buffer.buffer("retry: " + ms + "\n\n");
  }

  /** An id with no data: the client's {@code Last-Event-ID} becomes {@code cursor}, and no event fires. */
  static Buffer position(TradeCursor cursor) {
    return Buffer.buffer("id: " + cursor.encode() + "\n\n");
  }

  /** A comment line: bytes on the wire that keep proxies and idle timeouts from closing the stream. */
  static Buffer keepAlive() {
    return Buffer.buffer(": keep-alive\n\n");
  }

  static FeedEvent of(TradeResult trade) {
    TradeCursor cursor = TradeCursor.after(trade.trade());
    String event = "id: " + cursor.encode() + "\ndata: " + trade.toJson().encode() + "\n\n";
    return new FeedEvent(cursor, trade.trade().sellId(), trade.trade().buyId(), event.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a subscriber of {@code player}'s trades (null: all trades) gets it. */
  boolean concerns(String player) {
    return player == null || player.equals(sellId) || player.equals(buyId);
  }
}
