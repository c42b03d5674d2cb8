package io.playerservice.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link LoadLoop}s, one per {@code --threads}, each deployed on an event loop of its own, and
 * driven together for each run; closing undeploys the ones deployed.
 */
final class LoadLoops implements AutoCloseable {
  private final Vertx vertx;
  private final LoadOptions options;
  private final List<LoadLoop> loops = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();

  LoadLoops(Vertx vertx, LoadOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Deploys one loop per {@code --threads}, waiting for each. */
  void deploy() {
    for (int i = 0; i < options.threads(); i++) {
      LoadLoop loop = new LoadLoop(options, i);
      deployments.add(vertx.deployVerticle(loop).await());
      loops.add(loop);
    }
  }

  /**
   * Runs every loop for {@code seconds}, recording into {@code stats}, {@code exactlyOnce} and
   * {@code bulk}. In the open model the loops share the rate: request n is loop (n mod threads)'s.
   */
  Future<Void> drive(int seconds, LoadStats stats, ExactlyOnceCheck exactlyOnce, BulkCheck bulk) {
    long start = System.nanoTime();
    long total = (long) options.rate() * seconds;
    List<Future<Void>> done = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      done.add(options.openModel()
          ? loops.get(i).open(start, total, 1e9 / options.rate(), stats.loop(i), exactlyOnce.keys(i), bulk.keys(i))
          : loops.get(i).closed(start + seconds * 1_000_000_000L, stats.loop(i), exactlyOnce.keys(i),
              bulk.keys(i)));
    }
    return Future.all(done).mapEmpty();
  }

  /** How busy each loop was in the last run, once it is done. */
  List<LoopBusy> busy() {
    return loops.stream().map(LoadLoop::busy).toList();
  }

  @Override
  public void close() {
    deployments.forEach(id -> vertx.undeploy(id).await());
  }
}
