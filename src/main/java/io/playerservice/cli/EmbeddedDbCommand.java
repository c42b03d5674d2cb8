package io.playerservice.cli;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts the embedded MariaDB alone, prints its settings as environment lines, and waits. Options
 * that are not the command's own go to {@code mariadbd} after the laptop sizing, so they override
 * it (the benchmarks give it a buffer pool large enough for the tables they grow).
 */
@Command(name = "embedded-db", modelTransformer = EmbeddedDbCommand.PassThrough.class,
    description = "Start the embedded MariaDB alone, print its TIDB_* settings, and wait for Ctrl-C or SIGTERM.")
final class EmbeddedDbCommand extends ConfiguredCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDbCommand.class);

  @Parameters(paramLabel = "MARIADBD_OPTION", arity = "0..*",
      description = "passed to mariadbd as given, e.g. --innodb-buffer-pool-size=1G")
  List<String> serverArgs = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    for (String arg : serverArgs) {
      if (!arg.startsWith("--")) {
        throw new ParameterException(spec.commandLine(),
            "embedded-db takes mariadbd options such as --innodb-buffer-pool-size=1G, got '" + arg + "'");
      }
    }
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = withDatabase(loadConfig(vertx), false, serverArgs);
    vertx.close();
    System.out.printf("TIDB_HOST=%s%nTIDB_PORT=%d%nTIDB_USER=%s%nTIDB_PASSWORD=%s%nTIDB_DB_NAME=%s%n",
        config.dbHost(), config.dbPort(), config.dbUser(), config.dbPassword(), config.dbName());
    System.out.flush();
    LOG.info("embedded MariaDB ready; stop it with Ctrl-C or SIGTERM");
    Thread.currentThread().join(); // the JVM's shutdown hooks stop the server
    return 0;
  }

  /** The setting flags, and any option that is not one of them passed through to mariadbd. */
  public static final class PassThrough extends SettingFlags {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().unmatchedOptionsArePositionalParams(true);
      return super.transform(spec);
    }
  }
}
