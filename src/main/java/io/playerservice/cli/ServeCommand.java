package io.playerservice.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.cluster.Clustering;
import io.playerservice.config.HeapNeed;
import io.playerservice.config.ServiceConfig;
import io.playerservice.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Runs the service until the JVM is told to stop; the command when none is named. */
@Command(name = "serve", description = "Run the service (the default command). Without TIDB_HOST it starts an"
    + " embedded MariaDB on the data in EMBEDDED_DATA_DIR.")
final class ServeCommand extends ConfiguredCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = {"--cluster", "-cluster"},
      description = "join a Hazelcast cluster (conf/cluster.xml, with CLUSTER_* overrides)")
  boolean cluster;

  @Override
  public Integer call() throws InterruptedException {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx vertx = cluster ? joinCluster(registry) : Metrics.vertx(new VertxOptions(), registry).build();
    ServiceConfig config = withDatabase(loadConfig(vertx), false, List.of());
    long maxHeap = Runtime.getRuntime().maxMemory();
    HeapNeed.shortfall(config, maxHeap).ifPresent(LOG::warn);
    deploy(vertx, config, registry);
    onExit(() -> stop(vertx));
    Throwable noNative = vertx.unavailableNativeTransportCause();
    if (noNative != null) { // no library for this platform, one that did not load, or switched off
      LOG.info("on the JDK's transport: Netty's native one is unavailable ({})", noNative.toString());
    }
    LOG.info("player-service listening on http://localhost:{} ({} transport, heap at most {} MB)", config.httpPort(),
        vertx.isNativeTransportEnabled() ? "native" : "JDK", maxHeap / (1024 * 1024));
    Thread.currentThread().join(); // until SIGTERM or Ctrl-C, which run the hook and end the JVM
    return 0;
  }

  /**
   * SIGTERM (or Ctrl-C): stop accepting, let in-flight requests finish, close the pool; the
   * embedded database, if any, stops after. The JVM then exits with 143 (128 + SIGTERM), or 130
   * for Ctrl-C, as any process ended by a signal.
   */
  private static void stop(Vertx vertx) {
    LOG.info("stopping: finishing in-flight requests, then closing the pool");
    try {
      vertx.close().await(PlayerServiceVerticle.SHUTDOWN_GRACE_SECONDS + 5, TimeUnit.SECONDS);
      LOG.info("stopped");
    } catch (Exception e) {
      LOG.warn("shutdown did not finish in time: {}", e.toString());
    }
  }

  private static Vertx joinCluster(PrometheusMeterRegistry registry) {
    try {
      Vertx vertx = Clustering.start(System.getenv(), registry).await();
      LOG.info("joined the Hazelcast cluster (conf/cluster.xml, CLUSTER_* overrides)");
      return vertx;
    } catch (Throwable e) { // await() rethrows checked causes too
      throw new Failure(1, "cannot join the cluster: " + e.getMessage());
    }
  }
}
