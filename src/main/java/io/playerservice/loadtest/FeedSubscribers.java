package io.playerservice.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many subscribers of the live feed, each on a connection of its own: the first follows every
 * trade, each of the others one player, spread over the first {@code players} of the load
 * generator's. Used by {@code loadtest --subscribe N}, which checks at the end that each saw every
 * trade of its filter exactly once ({@link FeedCheck}), and on its own by {@code src/bench/feed.sh}
 * ({@link #main}), which measures the delay from a trade's stamp to its arrival.
 */
final class FeedSubscribers implements AutoCloseable {
  /** Delays in µs, to three significant digits as the loads' latencies; read by interval. */
  private final Recorder delays = new Recorder(3);
  private final HttpClient client;
  private final List<FeedSubscriber> subscribers = new ArrayList<>();

  private FeedSubscribers(Vertx vertx, URI url, int count, int players) {
    this.client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(count));
    boolean tls = "https".equals(url.getScheme());
    RequestOptions server = new RequestOptions().setHost(url.getHost()).setSsl(tls)
        .setPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80);
    for (int i = 0; i < count; i++) { // with more subscribers than players, the players come round again
      subscribers.add(new FeedSubscriber(vertx, client, server, i == 0 ? null : LoadPlayers.id((i - 1) % players),
          delays::recordValue));
    }
  }

  /** Opens {@code count} streams and waits until each has its position: trades from then on are theirs. */
  static FeedSubscribers open(Vertx vertx, URI url, int count, int players) {
    FeedSubscribers opened = new FeedSubscribers(vertx, url, count, players);
    Future.all(opened.subscribers.stream().map(FeedSubscriber::open).toList()).await();
    return opened;
  }

  List<FeedSubscriber> subscribers() {
    return subscribers;
  }

  /**
   * How many there are and their reconnects, and the events since the last summary (or since
   * they opened) with their delays from stamp to arrival.
   */
  JsonObject summary() {
    Histogram interval = delays.getIntervalHistogram();
    int reconnects = subscribers.stream().mapToInt(FeedSubscriber::reconnects).sum();
    return new JsonObject().put("subscribers", subscribers.size()).put("events", interval.getTotalCount())
        .put("reconnects", reconnects)
        .put("delayP50Ms", interval.getValueAtPercentile(50) / 1000.0)
        .put("delayP99Ms", interval.getValueAtPercentile(99) / 1000.0)
        .put("delayMaxMs", interval.getMaxValue() / 1000.0);
  }

  @Override
  public void close() {
    subscribers.forEach(FeedSubscriber::close);
    client.close().await();
  }

  /**
   * {@code FeedSubscribers URL SUBSCRIBERS PLAYERS SKIP SECONDS}: opens the streams and prints
   * {@code subscribed}; after SKIP seconds (the client's own JIT warm-up) it starts measuring, and
   * after SECONDS more prints the summary as JSON on one line. For src/bench/feed.sh.
   */
  public static void main(String[] args) throws InterruptedException {
    URI url = URI.create(args[0]);
    Vertx vertx = Vertx.vertx();
    try (FeedSubscribers feed = open(vertx, url, Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
      System.out.println("subscribed");
      Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(args[3])));
      feed.delays.reset();
      Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(args[4])));
      System.out.println(feed.summary().encode());
    } finally {
      vertx.close().await();
    }
  }

  /** The exactly-once check, once the load has stopped (see {@link FeedCheck}). */
  JsonObject check(Vertx vertx, URI url) {
    boolean tls = "https".equals(url.getScheme());
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(url.getHost()).setSsl(tls)
        .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80));
    try {
      return FeedCheck.verify(http, subscribers);
    } finally {
      http.close();
    }
  }
}
