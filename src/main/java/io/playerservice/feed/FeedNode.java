package io.playerservice.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.admission.Bulkhead;
import io.playerservice.config.ServiceConfig;
import io.playerservice.player.PlayerRequests;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradeResult;
import io.playerservice.trade.TradeWatch;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live trade feed of one node (one deployment of the service): the trades it has in flight
 * and its watermark, what it tells the cluster and hears from it, the count of its subscribers
 * against FEED_MAX_SUBSCRIBERS, and its one ledger reader ({@link LedgerFollower}), which serves
 * every instance's {@link FeedHub}.
 *
 * <p>The watermark's timings, each derived:
 * <ul>
 *   <li>{@link #settleMs}: how long after its node can no longer tell (its connection broke, or
 *       the node fell silent) a trade's COMMIT may still land: REQUEST_TIMEOUT_MS, since a trade
 *       waits for a row lock after its stamp at most the lock wait, a quarter of that, and a node
 *       that died took its connections with it, so the database rolled back what it had not committed.
 *   <li>A node is dropped from the cluster's watermark when not heard from for two polls (two
 *       missed heartbeats) and then {@link #settleMs}; a node that stops says so, and is dropped at once.
 * </ul>
 */
public final class FeedNode {
  private final String id = UUID.randomUUID().toString();
  private final Vertx vertx;
  /** FEED_POLL_MS: the heartbeat, the poll that bounds a lost notification, and the clients' retry. */
  final long pollMs;
  /** A third of HTTP_IDLE_TIMEOUT_MS: two comments fit in an idle timeout even when one is late. */
  final long heartbeatMs;
  /** A listing's largest page: a feed read holds its place no longer than a listing may. */
  final int page = PlayerRequests.MAX_LIMIT;
  final long settleMs;
  final ClusterWatermark watermark;
  final SubscriberCount subscribers;
  private final InFlight inFlight;
  /** The highest watermark this node has announced. */
  private final AtomicLong announced = new AtomicLong();
  private final List<FeedHub> hubs = new CopyOnWriteArrayList<>();
  private final LedgerFollower follower;
  private volatile Announcer announcer;
  private long beat = -1;

  /**
   * On the deployment's context; {@code ledger} reads through the deployment's own pool, not an
   * instance's (see {@link LedgerFollower}).
   */
  public FeedNode(Vertx vertx, ServiceConfig config, MeterRegistry registry, TradeHistory ledger) {
    this.vertx = vertx;
    this.pollMs = config.feedPollMs();
    this.heartbeatMs = config.httpIdleTimeoutMs() / 3;
    this.settleMs = config.requestTimeoutMs();
    this.subscribers = new SubscriberCount(config.feedMaxSubscribers(), registry);
    this.inFlight = new InFlight(vertx, settleMs, this::ended);
    this.watermark = new ClusterWatermark(id, inFlight, 2 * pollMs + settleMs);
    this.follower = new LedgerFollower(this, ledger, vertx.getOrCreateContext());
  }

  /** What the trades of every instance of this node tell of their transactions. */
  public TradeWatch watch() {
    return inFlight;
  }

  /** Starts announcing through {@code announcer}: now, then a heartbeat every poll. */
  public void start(Announcer announcer) {
    this.announcer = announcer;
    beat = vertx.setPeriodic(0, pollMs, id -> {
      announce(inFlight.watermark(), null);
      wake(); // the poll: a notification lost on the way delays a trade by this much at most
    });
  }

  /** No more heartbeats or reads: the node stops (then says it {@link Announcer#left}). */
  public void stop() {
    vertx.cancelTimer(beat);
    follower.stop();
  }

  /** This node's id in its announcements. */
  public String id() {
    return id;
  }

  /**
   * A node's announcement: its watermark, with the time of the trade it committed (null for a
   * heartbeat). Wakes the reader; when this node's last announcement lags that trade, it
   * announces its own watermark at once, so the trade is not held until this node's next heartbeat.
   */
  public void heard(String node, Instant watermark, Instant tradeAt) {
    if (node.equals(id)) {
      return; // this node's own: told where they are made (see ended)
    }
    boolean news = this.watermark.heard(node, Micros.of(watermark));
    if (tradeAt != null) {
      long mine = inFlight.watermark();
      long last = announced.get();
      if (last <= Micros.of(tradeAt) && mine > last) {
        announce(mine, null);
      }
    }
    if (news || tradeAt != null) {
      wake();
    }
  }

  /** {@code node} stopped: nothing of it is in flight any more. */
  public void left(String node) {
    watermark.left(node);
    wake();
  }

  /** The hub of the instance on whose event loop this is called, with its pool and admission for catch-up reads. */
  public FeedHub hub(TradeHistory history, Bulkhead places) {
    FeedHub hub = new FeedHub(this, vertx, history, places);
    hubs.add(hub);
    return hub;
  }

  List<FeedHub> hubs() {
    return hubs;
  }

  void closed(FeedHub hub) {
    hubs.remove(hub);
  }

  void anchor(FeedHub hub) {
    follower.anchor(hub);
  }

  private void wake() {
    follower.wake();
  }

  /**
   * A run of this node's left: a commit is always told, a rollback only when it let the watermark
   * rise. This node's reader hears of its own commits here, not back from the bus, and only while
   * someone follows the feed: the poll resets it otherwise.
   */
  private void ended(long watermark, TradeResult committed, boolean rose) {
    if (committed != null || rose) {
      announce(watermark, committed);
    }
    if (committed != null && subscribers.open() > 0) {
      wake();
    }
  }

  private void announce(long watermark, TradeResult committed) {
    announced.accumulateAndGet(watermark, Math::max);
    Announcer to = announcer;
    if (to == null) {
      return; // not started: nobody can be waiting for this node yet
    }
    if (committed != null) {
      to.committed(id, Micros.toInstant(watermark), committed);
    } else {
      to.watermark(id, Micros.toInstant(watermark));
    }
  }
}
