package io.playerservice.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

/**
 * One event loop's share of the load, deployed once per {@code --threads}: a {@link LoadClient}
 * and connections of its own, and the stats and keys it records into, all touched on this
 * verticle's event loop only, so the hot path takes no lock. This class decides when each request
 * goes; the client sends it.
 */
final class LoadLoop extends VerticleBase {
  private final LoadOptions options;
  private final int index;
  private final int connections;
  private LoadClient client;
  private long unfinished;
  private LoopBusy busy = new LoopBusy();

  /** Loop {@code index} of {@code options.threads()}, with its share of the connections. */
  LoadLoop(LoadOptions options, int index) {
    this.options = options;
    this.index = index;
    this.connections = options.connections() / options.threads()
        + (index < options.connections() % options.threads() ? 1 : 0);
  }

  @Override
  public Future<?> start() {
    client = new LoadClient(vertx, options, connections);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  /** Closed model until {@code end} ({@link System#nanoTime}): each connection sends again when answered. */
  Future<Void> closed(long end, LoopStats stats, LoopKeys tradeKeys, LoopKeys bulkKeys) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      begin(stats, tradeKeys, bulkKeys, connections);
      for (int i = 0; i < connections; i++) {
        next(end, done);
      }
    });
    return done.future();
  }

  /** Each request starts from the last one's callback; no future chain grows with the count. */
  private void next(long end, Promise<Void> done) {
    long now = System.nanoTime();
    if (now >= end) {
      busy.stop(); // the first connection to see the end ends the sending
      finishOne(done);
      return;
    }
    client.sendOne(now).onComplete(ignored -> next(end, done));
  }

  /**
   * Open model: of the {@code total} requests, request n is due at start + n × period whether or
   * not earlier ones have answered, and its latency counts from that due time (no coordinated
   * omission). This loop sends n = index, index + threads, ...
   */
  Future<Void> open(long start, long total, double periodNanos, LoopStats stats, LoopKeys tradeKeys,
      LoopKeys bulkKeys) {
    int stride = options.threads();
    long mine = total > index ? (total - index + stride - 1) / stride : 0;
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      begin(stats, tradeKeys, bulkKeys, mine);
      if (mine == 0) {
        done.complete();
        return;
      }
      long[] next = {index};
      vertx.setPeriodic(1, timer -> {
        long due = Math.min(total, (long) ((System.nanoTime() - start) / periodNanos) + 1);
        for (; next[0] < due; next[0] += stride) {
          client.sendOne(start + (long) (next[0] * periodNanos)).onComplete(ignored -> finishOne(done));
        }
        if (next[0] >= total) {
          busy.stop();
          vertx.cancelTimer(timer);
        }
      });
    });
    return done.future();
  }

  private void begin(LoopStats stats, LoopKeys tradeKeys, LoopKeys bulkKeys, long unfinished) {
    client.recordInto(stats, tradeKeys, bulkKeys);
    this.unfinished = unfinished;
    busy = new LoopBusy();
    busy.start();
  }

  /** How busy this loop was while it sent in the last run. */
  LoopBusy busy() {
    return busy;
  }

  private void finishOne(Promise<Void> done) {
    if (--unfinished == 0) {
      done.complete();
    }
  }
}
