package io.playerservice.feed;

import io.playerservice.trade.TradeResult;

import java.time.Instant;

/**
 * Tells every node of the cluster, this one included, what this node's feed must share: each trade
 * it commits and its watermark. The event bus does it ({@code bus/TradeAnnouncements}); whoever
 * hears it calls {@link FeedNode#heard}.
 */
public interface Announcer {
  /** {@code node} committed {@code trade}; its watermark is now {@code watermark}. */
  void committed(String node, Instant watermark, TradeResult trade);

  /** {@code node}'s watermark is {@code watermark}: a heartbeat, or a rise no commit announced. */
  void watermark(String node, Instant watermark);

  /** {@code node} stopped: it has nothing in flight, and nobody need wait for it. */
  void left(String node);
}
