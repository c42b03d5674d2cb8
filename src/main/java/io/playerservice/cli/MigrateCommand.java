package io.playerservice.cli;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Migrations;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Applies the schema's migrations now, as a deployment step of its own (with DB_MIGRATE=false on
 * the services), and prints what it did. Without TIDB_HOST: the embedded database's kept data.
 */
@Command(name = "migrate", description = "Apply the schema's migrations to the database now and print what"
    + " was done (the services then run with DB_MIGRATE=false).")
final class MigrateCommand extends ConfiguredCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = withDatabase(loadConfig(vertx), false, List.of());
    vertx.close();
    try {
      spec.commandLine().getOut().println(Migrations.summary(Migrations.apply(config), config));
      return 0;
    } catch (Migrations.MigrationFailed e) {
      throw new Failure(1, "migrate failed: " + e.getMessage());
    }
  }
}
