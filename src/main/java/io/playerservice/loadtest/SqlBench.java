package io.playerservice.loadtest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.KeyedWrite;
import io.playerservice.metrics.TradeMetrics;
import io.playerservice.player.PlayerRepository;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeRepository;
import io.playerservice.trade.TradeService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's yardstick: the trade itself ({@link TradeService}: lock both in id order,
 * settle, write both balances and the ledger row, commit), run straight on a pool of
 * {@code --connections} database connections, with no HTTP or JSON in between. It trades among
 * the load generator's players, which must exist.
 */
public final class SqlBench {
  private SqlBench() {
  }

  /**
   * Runs the options' warm-up, then their duration; prints and returns the measured trades per
   * second, with this process's CPU per trade over the measured window (the Vert.x SQL client's
   * own cost of the trade: the floor under the service's, on the same machine and database).
   */
  public static long run(Vertx vertx, ServiceConfig config, LoadOptions options, PrintStream out) {
    Pool pool = MySQLBuilder.pool()
        .with(new PoolOptions().setMaxSize(options.connections()))
        .connectingTo(Database.connectOptions(config))
        .using(vertx)
        .build();
    TradeService service = new TradeService(vertx, pool, new PlayerRepository(pool), new TradeRepository(pool),
        config, new TradeMetrics(new SimpleMeterRegistry())); // counted, never read
    LongAdder warmup = new LongAdder();
    LongAdder trades = new LongAdder();
    long elapsedNanos;
    long cpu;
    try {
      all(service, options.connections(), options.hot(), options.warmupSeconds(), warmup).await();
      long cpuStart = LoadGenerator.cpuNanos();
      long start = System.nanoTime();
      all(service, options.connections(), options.hot(), options.durationSeconds(), trades).await();
      elapsedNanos = System.nanoTime() - start;
      cpu = cpuStart < 0 ? -1 : LoadGenerator.cpuNanos() - cpuStart;
    } finally {
      pool.close().await();
    }
    long perSecond = Math.round(trades.sum() / (elapsedNanos / 1e9));
    out.printf("sql trades/s: %d (%d trades, %d connections, %d players; %d more in a %d s warm-up)%n",
        perSecond, trades.sum(), options.connections(), options.hot(), warmup.sum(), options.warmupSeconds());
    if (cpu >= 0 && trades.sum() > 0) {
      out.printf("sql CPU per trade: %.0f µs (this process, every thread, over the measured run)%n",
          cpu / 1e3 / trades.sum());
    }
    return perSecond;
  }

  /** {@code connections} loops of trades for {@code seconds}, counted in {@code trades}. */
  private static Future<Void> all(TradeService service, int connections, int hot, int seconds, LongAdder trades) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Promise<Void> done = Promise.promise();
      loop(service, hot, end, trades, done);
      loops.add(done.future());
    }
    return Future.all(loops).mapEmpty();
  }

  /**
   * One connection's trades, one after another. Each step starts from the previous one's
   * callback and {@code done} completes once at the end, so no chain of futures grows with the
   * number of trades (a recursive {@code compose} chain that long overflows the stack when it
   * finally completes).
   */
  private static void loop(TradeService service, int hot, long end, LongAdder trades, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    PlayerPair pair = PlayerPair.random(hot);
    Trade trade = new Trade(LoadPlayers.id(pair.seller()), LoadPlayers.id(pair.buyer()),
        LoadRequests.AMOUNT, LoadRequests.PRICE);
    service.trade(trade, KeyedWrite.none())
        .onComplete(ar -> {
          if (ar.failed()) {
            done.fail(ar.cause());
            return;
          }
          trades.increment();
          loop(service, hot, end, trades, done);
        });
  }
}
