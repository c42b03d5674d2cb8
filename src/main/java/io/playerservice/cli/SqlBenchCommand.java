package io.playerservice.cli;

import io.playerservice.config.ServiceConfig;
import io.playerservice.loadtest.LoadFlags;
import io.playerservice.loadtest.LoadOptions;
import io.playerservice.loadtest.SqlBench;
import io.playerservice.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** The benchmark's yardstick: the trade's SQL straight on a pool (see SqlBench). */
@Command(name = "sqlbench", description = "Run the trade's own SQL straight on a pool, with no HTTP or JSON,"
    + " against the database TIDB_HOST names: the benchmark's yardstick (--connections, --players, --hot,"
    + " --duration).")
final class SqlBenchCommand extends ConfiguredCommand implements Callable<Integer> {
  @Mixin
  LoadFlags flags;

  @Override
  public Integer call() {
    LoadOptions options = LoadTestCommand.options(spec, flags);
    Vertx vertx = Vertx.builder().with(Metrics.serviceLoops(new VertxOptions())).build(); // no metrics: the floor
    ServiceConfig config = loadConfig(vertx);
    if (config.embeddedDatabase()) {
      vertx.close();
      throw new Failure(2, "sqlbench: set TIDB_HOST (and the other TIDB_* settings) to the database to measure");
    }
    try {
      SqlBench.run(vertx, config, options, System.out);
    } catch (Throwable e) { // await() rethrows whatever failed, checked exceptions included
      throw new Failure(1, "sqlbench failed: " + e.getMessage());
    }
    return 0;
  }
}
