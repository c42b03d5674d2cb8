package io.playerservice.bus;

import io.playerservice.feed.Announcer;
import io.playerservice.feed.FeedNode;
import io.playerservice.trade.TradeResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The live feed's announcements on the (clustered) event bus, published to every node:
 * {@code trades.committed} once per committed trade, its body the trade as {@code trades.get}
 * answers it, so an application in the cluster can consume it as it is; and
 * {@code trades.watermark}, a node's watermark between commits. Both carry the headers
 * {@code node} (the announcing node's id) and {@code watermark} (an instant: that node has nothing
 * stamped before it still in flight), and {@code left: true} when a node stops. What each node
 * hears goes to its {@link FeedNode}; the readers then read the ledger, never these bodies.
 */
public final class TradeAnnouncements implements Announcer {
  private static final Logger LOG = LoggerFactory.getLogger(TradeAnnouncements.class);
  static final String NODE = "node";
  static final String WATERMARK = "watermark";
  static final String LEFT = "left";

  private final EventBus bus;
  private final String committed;
  private final String watermark;
  private MessageConsumer<JsonObject> onCommitted;
  private MessageConsumer<Object> onWatermark;

  private TradeAnnouncements(EventBus bus, String prefix) {
    this.bus = bus;
    this.committed = prefix + Addresses.TRADES_COMMITTED;
    this.watermark = prefix + Addresses.TRADES_WATERMARK;
  }

  /** Hears both addresses for {@code feed}; completes once the consumers have reached the cluster. */
  public static Future<TradeAnnouncements> register(Vertx vertx, String prefix, FeedNode feed) {
    TradeAnnouncements announcements = new TradeAnnouncements(vertx.eventBus(), prefix);
    announcements.onCommitted = announcements.bus.consumer(announcements.committed,
        message -> heard(feed, message, true));
    announcements.onWatermark = announcements.bus.consumer(announcements.watermark,
        message -> heard(feed, message, false));
    return Future.all(announcements.onCommitted.completion(), announcements.onWatermark.completion())
        .map(announcements);
  }

  public Future<Void> close() {
    return Future.join(onCommitted.unregister(), onWatermark.unregister()).mapEmpty();
  }

  @Override
  public void committed(String node, Instant watermark, TradeResult trade) {
    bus.publish(committed, trade.toJson(), headers(node, watermark));
  }

  @Override
  public void watermark(String node, Instant watermark) {
    bus.publish(this.watermark, null, headers(node, watermark));
  }

  @Override
  public void left(String node) {
    bus.publish(watermark, null, untraced().addHeader(NODE, node).addHeader(LEFT, "true"));
  }

  private static DeliveryOptions headers(String node, Instant watermark) {
    return untraced().addHeader(NODE, node).addHeader(WATERMARK, watermark.toString());
  }

  /**
   * An announcement is no part of the request that caused it: traced, every trade's trace would
   * gain a span per node, and every heartbeat would start a trace of its own.
   */
  private static DeliveryOptions untraced() {
    return new DeliveryOptions().setTracingPolicy(TracingPolicy.IGNORE);
  }

  /** Anything that is not an announcement (another application's message on the address) is ignored. */
  private static void heard(FeedNode feed, Message<?> message, boolean trade) {
    MultiMap headers = message.headers();
    String node = headers.get(NODE);
    if (feed.id().equals(node)) {
      return; // the node knows its own at once (FeedNode#heard)
    }
    try {
      if (node != null && "true".equals(headers.get(LEFT))) {
        feed.left(node);
      } else if (node != null && headers.get(WATERMARK) != null) {
        Instant at = trade ? Instant.parse(((JsonObject) message.body()).getJsonObject("trade").getString("at")) : null;
        feed.heard(node, Instant.parse(headers.get(WATERMARK)), at);
      }
    } catch (RuntimeException e) { // ClassCastException, NullPointerException, DateTimeParseException
      LOG.debug("feed: ignored a message on {} that is no announcement: {}", message.address(), e.toString());
    }
  }
}
