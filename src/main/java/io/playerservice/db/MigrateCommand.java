package io.playerservice.db;

import io.playerservice.config.ServiceConfig;

import java.io.PrintStream;

/**
 * The {@code migrate} command: applies the schema's migrations to the configured database now,
 * prints what it did on {@code out}, and returns the exit status (1, with the reason on
 * {@code err}, when a migration or the connection failed).
 */
public final class MigrateCommand {
  private MigrateCommand() {
  }

  public static int run(ServiceConfig config, PrintStream out, PrintStream err) {
    try {
      out.println(Migrations.summary(Migrations.apply(config), config));
      return 0;
    } catch (Migrations.MigrationFailed e) {
      err.println("migrate failed: " + e.getMessage());
      return 1;
    }
  }
}
