package io.playerservice.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.PlayerServiceVerticle;
import io.playerservice.config.ConfigLoader;
import io.playerservice.config.InvalidConfigException;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * A command that reads the service's settings: it takes them as flags too, and shares how the
 * config is loaded, how the embedded database is started when none is configured, and how the
 * service is deployed. Each step that fails ends the command with a {@link Failure}.
 */
@Command(modelTransformer = SettingFlags.class)
abstract class ConfiguredCommand {
  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--config-file", paramLabel = "FILE",
      description = "the settings file (default: CONFIG_FILE, else " + ConfigLoader.DEFAULT_FILE + " if present)")
  String configFile;

  /** The embedded database {@link #withDatabase} started, or null. */
  private EmbeddedMariaDb embedded;

  /** The settings: defaults, then the file, the environment and the flags. Exits 2 when invalid. */
  ServiceConfig loadConfig(Vertx vertx) {
    try {
      return ConfigLoader.load(vertx, configFile, System.getenv(), SettingFlags.given(spec)).await();
    } catch (InvalidConfigException e) {
      vertx.close();
      throw new Failure(2, "invalid configuration: " + e.getMessage());
    } catch (RuntimeException e) {
      vertx.close();
      throw new Failure(2, "invalid configuration: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /**
   * The config as given, or pointed at a freshly started embedded MariaDB when it names no host:
   * on the data in EMBEDDED_DATA_DIR, or on throwaway data when that says so or {@code throwaway}.
   * {@code serverArgs} go to {@code mariadbd}.
   */
  ServiceConfig withDatabase(ServiceConfig config, boolean throwaway, List<String> serverArgs) {
    if (!config.embeddedDatabase()) {
      return config;
    }
    LOG.info("TIDB_HOST is not set: starting an embedded MariaDB");
    try {
      embedded = throwaway || config.throwawayEmbeddedData()
          ? EmbeddedMariaDb.start(config.dbName(), serverArgs)
          : EmbeddedMariaDb.startIn(Path.of(config.embeddedDataDir()), config.dbName(), serverArgs);
      return embedded.applyTo(config);
    } catch (NoClassDefFoundError e) {
      throw new Failure(2, "TIDB_HOST is not set and the embedded MariaDB is not on the class path "
          + "(target/lib/ beside the jar); set TIDB_HOST to use a database");
    } catch (IllegalStateException | UncheckedIOException e) { // e.g. its data directory is in use
      LOG.error("player-service failed to start: {}", e.getMessage());
      throw new Failure(1, null);
    }
  }

  /**
   * Runs {@code shutdown} at SIGTERM or Ctrl-C, then stops the embedded database if this command
   * started one: in that order, as one hook, since the JVM starts all its hooks at once.
   */
  void onExit(Runnable shutdown) {
    if (embedded != null) {
      embedded.stopAtExitAfter(shutdown);
    } else {
      Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown"));
    }
  }

  /**
   * Deploys the service: one {@link PlayerServiceVerticle} owning the housekeeping connections,
   * with {@code config.instances()} API verticles that share one HTTP port, its meters in
   * {@code registry}. Exits 1 on failure.
   */
  static void deploy(Vertx vertx, ServiceConfig config, MeterRegistry registry) {
    LOG.info("player-service {} starting: database {}, HTTP port {}, {} verticle instances",
        Cli.version(), config.databaseTarget(), config.httpPort(), config.instances());
    try {
      vertx.deployVerticle(new PlayerServiceVerticle(config, registry)).await();
    } catch (Throwable e) { // await() rethrows checked causes too, such as a BindException
      LOG.error("player-service failed to start (HTTP port {}, database {}): {}", config.httpPort(),
          config.databaseTarget(), e.getMessage());
      vertx.close();
      throw new Failure(1, null);
    }
  }

  /** A port nothing listens on now, for an in-process service or as a database that is not there. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
