package io.playerservice.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's low watermark: the smallest of every node's, this node's read fresh from
 * {@link InFlight}, the others' as last heard on the event bus (each node announces its own with
 * every trade it commits and every poll interval). No trade stamped before it can commit any
 * more, anywhere. A node not heard from for {@code dropMs} drops out (see {@link FeedNode}).
 *
 * <p>Read and written from any event loop.
 */
final class ClusterWatermark {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatermark.class);

  private record Heard(long watermark, long heardNanos) {
  }

  private final String self;
  private final InFlight local;
  private final long dropNanos;
  private final Map<String, Heard> others = new ConcurrentHashMap<>();

  ClusterWatermark(String self, InFlight local, long dropMs) {
    this.self = self;
    this.local = local;
    this.dropNanos = TimeUnit.MILLISECONDS.toNanos(dropMs);
  }

  /**
   * Notes {@code node}'s watermark (microseconds); true when that is news: a node not known yet,
   * or one whose watermark rose. A node's watermark never falls, so an older message changes nothing.
   */
  boolean heard(String node, long watermark) {
    if (node.equals(self)) {
      return false;
    }
    long now = System.nanoTime();
    Heard before = others.get(node);
    others.merge(node, new Heard(watermark, now),
        (old, heard) -> new Heard(Math.max(old.watermark, heard.watermark), now));
    if (before == null) {
      LOG.info("feed: node {} joined; the feed now waits for its trades in flight too", node);
    }
    return before == null || watermark > before.watermark;
  }

  /** {@code node} stopped, so its trades have all ended. */
  void left(String node) {
    if (others.remove(node) != null) {
      LOG.info("feed: node {} stopped", node);
    }
  }

  /** The smallest watermark of the nodes heard from within {@code dropMs}, this one included. */
  long global() {
    long watermark = local.watermark();
    long now = System.nanoTime();
    for (Map.Entry<String, Heard> node : others.entrySet()) {
      if (now - node.getValue().heardNanos > dropNanos) {
        if (others.remove(node.getKey(), node.getValue())) {
          LOG.warn("feed: node {} not heard from for {} ms; the feed no longer waits for it", node.getKey(),
              TimeUnit.NANOSECONDS.toMillis(dropNanos));
        }
      } else {
        watermark = Math.min(watermark, node.getValue().watermark);
      }
    }
    return watermark;
  }
}
