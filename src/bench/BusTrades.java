import io.playerservice.bus.PlayerClient;
import io.playerservice.cluster.Clustering;
import io.playerservice.loadtest.PlayerPair;
import io.playerservice.trade.Trade;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An outside clustered node for src/bench/bus-bench.sh: it joins the service's Hazelcast cluster
 * (conf/cluster.xml with the CLUSTER_* overrides, as the service reads them) and trades through
 * {@link PlayerClient}, as an embedder does, among players lt-0000000 .. lt-(players - 1), keeping
 * {@code inFlight} trades in flight. It stays in the cluster between runs, so that joining is in
 * no run: each line "SECONDS" on standard input is one run, answered when its last trade has come
 * back with the line the wrk scripts print (src/bench/wrk-tally.lua):
 *
 * <pre>COUNTS ok=N shed=N other=N errors=0 seconds=S</pre>
 *
 * Run with the jar's class path: {@code java -cp player-service.jar src/bench/BusTrades.java 64 1000}.
 */
public final class BusTrades {
  private final PlayerClient client;
  private final Context context;
  private final int players;
  private long ok;
  private long shed;
  private long other;

  private BusTrades(PlayerClient client, Context context, int players) {
    this.client = client;
    this.context = context;
    this.players = players;
  }

  public static void main(String[] args) throws Exception {
    int inFlight = Integer.parseInt(args[0]);
    int players = Integer.parseInt(args[1]);
    VertxOptions options = new VertxOptions();
    String host = System.getenv(Clustering.HOST);
    if (host != null) { // the event bus on the address Hazelcast uses, as the service's Clustering does
      options.getEventBusOptions().setHost(host).setClusterPublicHost(host);
    }
    // One event loop sends and hears every reply: the driver keeps off the service's other core.
    options.setEventLoopPoolSize(1);
    Vertx vertx = Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(Clustering.hazelcastConfig(System.getenv())))
        .buildClustered().await();
    // The service's own deadline answers first (PlayerClient's default timeout).
    BusTrades driver = new BusTrades(new PlayerClient(vertx.eventBus(), ""), vertx.getOrCreateContext(), players);
    System.out.println("joined");
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = commands.readLine()) != null; ) {
      System.out.println(driver.run(inFlight, Double.parseDouble(line.trim())));
    }
    vertx.close().await();
  }

  /** Trades for {@code seconds} with {@code inFlight} loops, then waits for their last answers. */
  private String run(int inFlight, double seconds) {
    Promise<String> done = Promise.promise();
    context.runOnContext(v -> {
      ok = shed = other = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      int[] running = {inFlight};
      Runnable finished = () -> {
        if (--running[0] == 0) {
          done.complete(String.format("COUNTS ok=%d shed=%d other=%d errors=0 seconds=%.3f", ok, shed, other,
              (System.nanoTime() - start) / 1e9));
        }
      };
      for (int i = 0; i < inFlight; i++) {
        loop(end, finished);
      }
    });
    return done.future().await();
  }

  /** One trade after another until {@code end}, whatever the answer, as overload.lua sends them. */
  private void loop(long end, Runnable finished) {
    if (System.nanoTime() - end >= 0) {
      finished.run();
      return;
    }
    PlayerPair pair = PlayerPair.random(players);
    client.trade(new Trade(String.format("lt-%07d", pair.seller()), String.format("lt-%07d", pair.buyer()), 1, 1))
        .onComplete(answer -> {
          if (answer.succeeded()) {
            ok++;
          } else if (PlayerClient.status(answer.cause()) == 503) {
            shed++;
          } else {
            other++;
          }
          loop(end, finished);
        });
  }
}
