package io.playerservice.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.demo.Demo;
import io.playerservice.metrics.Metrics;
import io.playerservice.player.PlayerRepository;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The seed's two examples through the HTTP API of an in-process service, on an emptied table:
 * an embedded database gets throwaway data, so the demo never empties the players kept in
 * EMBEDDED_DATA_DIR.
 */
@Command(name = "demo", description = "Run the seed's examples through the HTTP API of an in-process service,"
    + " on an emptied player table (throwaway data when the database is the embedded one).")
final class DemoCommand extends ConfiguredCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Override
  public Integer call() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx vertx = Metrics.vertx(new VertxOptions(), registry).build(); // as serve builds it
    ServiceConfig config = withDatabase(loadConfig(vertx), true, List.of()).withHttpPort(freePort());
    deploy(vertx, config, registry);
    LOG.info("demo: emptying table player on {}", config.databaseTarget());
    Pool pool = Database.pool(vertx, config);
    new PlayerRepository(pool).deleteAll().eventually(pool::close).await();
    try {
      new Demo(vertx, config.httpPort(), System.out).run();
    } catch (RuntimeException e) {
      LOG.error("demo failed: {}", e.getMessage());
      return 1;
    }
    return 0;
  }
}
