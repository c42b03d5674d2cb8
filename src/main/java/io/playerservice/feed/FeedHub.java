package io.playerservice.feed;

import io.playerservice.admission.Bulkhead;
import io.playerservice.admission.RequestClass;
import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradeResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One API instance's subscribers, on its event loop: it opens their streams, hands each live one
 * the trades of its filter from the node's batches (the all-trades subscribers and the two
 * players' get each trade; the rest never look at it), keeps every stream alive with a comment,
 * and runs the catch-up reads of those that resume from a cursor ({@link Subscription}), through
 * the instance's pool and admission, as listings: pages of up to 1000 trades, which wait for the
 * trades' spare places.
 */
public final class FeedHub {
  final Context context;
  final FeedNode node;
  final TradeHistory history;
  final Bulkhead places;
  private final Vertx vertx;
  private final Set<Subscription> open = new HashSet<>();
  private final Set<Subscription> all = new HashSet<>();
  private final Map<String, Set<Subscription>> byPlayer = new HashMap<>();
  private final List<Subscription> waiting = new ArrayList<>();
  private final long keepAlive;
  private boolean closed;

  FeedHub(FeedNode node, Vertx vertx, TradeHistory history, Bulkhead places) {
    this.node = node;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.history = history;
    this.places = places;
    this.keepAlive = vertx.setPeriodic(node.heartbeatMs, id -> keepAlive());
  }

  /** Takes one of the node's FEED_MAX_SUBSCRIBERS places for a new stream; false when none is free. */
  public boolean admit() {
    return !closed && node.subscribers.admit();
  }

  /**
   * Streams {@code query} on {@code request}'s response, once {@link #admit} took its place and
   * its status and headers are set. It ends when the client closes it or falls behind, or when
   * the instance stops.
   */
  public void subscribe(FeedQuery query, HttpServerRequest request) {
    Subscription subscription = new Subscription(this, query, request);
    open.add(subscription);
    subscription.start();
  }

  /** The instance stops: every stream ends, and its client reconnects (to another instance or node). */
  public void close() {
    closed = true;
    vertx.cancelTimer(keepAlive);
    new ArrayList<>(open).forEach(Subscription::end);
    node.closed(this);
  }

  /** A batch of the node's reader: each live subscriber gets its trades in one write. */
  void deliver(List<FeedEvent> batch) {
    List<Subscription> touched = new ArrayList<>();
    for (FeedEvent event : batch) {
      offer(all, event, touched);
      offer(byPlayer.get(event.sellId()), event, touched);
      offer(byPlayer.get(event.buyId()), event, touched);
    }
    touched.forEach(Subscription::flush);
  }

  /** Where the node's reader stands now, for those waiting to join it. */
  void anchored(TradeCursor position) {
    List<Subscription> ready = new ArrayList<>(waiting);
    waiting.clear();
    ready.forEach(subscription -> subscription.anchored(position));
  }

  void awaitAnchor(Subscription subscription) {
    waiting.add(subscription);
    node.anchor(this);
  }

  void live(Subscription subscription) {
    (subscription.player == null ? all : byPlayer.computeIfAbsent(subscription.player, p -> new HashSet<>()))
        .add(subscription);
  }

  void remove(Subscription subscription) {
    if (!open.remove(subscription)) {
      return;
    }
    waiting.remove(subscription);
    if (subscription.player == null) {
      all.remove(subscription);
    } else {
      Set<Subscription> same = byPlayer.get(subscription.player);
      if (same != null && same.remove(subscription) && same.isEmpty()) {
        byPlayer.remove(subscription.player);
      }
    }
    node.subscribers.left();
  }

  /** A catch-up read: a listing of this instance. */
  Future<List<TradeResult>> read(String player, TradeCursor after, Instant below) {
    return places.admit(RequestClass.LISTING, () -> history.after(player, after, below, node.page));
  }

  void later(Runnable task) {
    vertx.setTimer(node.pollMs, id -> task.run());
  }

  private void keepAlive() {
    new ArrayList<>(open).forEach(Subscription::keepAlive);
  }

  private static void offer(Set<Subscription> subscribers, FeedEvent event, List<Subscription> touched) {
    if (subscribers != null) {
      for (Subscription subscription : subscribers) {
        if (subscription.offer(event)) {
          touched.add(subscription);
        }
      }
    }
  }
}
