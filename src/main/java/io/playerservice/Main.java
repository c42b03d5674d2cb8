package io.playerservice;

import io.playerservice.config.ConfigLoader;
import io.playerservice.config.InvalidConfigException;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.EmbeddedMariaDb;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code serve} (the default). */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0];
    switch (command) {
      case "serve" -> serve();
      case "-h", "--help", "help" -> usage(0);
      default -> {
        System.err.println("unknown command '" + command + "'");
        usage(2);
      }
    }
  }

  private static void serve() {
    Vertx vertx = Vertx.vertx();
    ServiceConfig config = loadConfig(vertx);
    if (config.embeddedDatabase()) {
      LOG.info("TIDB_HOST is not set: starting an embedded MariaDB (data is discarded on exit)");
      EmbeddedMariaDb embedded = EmbeddedMariaDb.start(config.dbName());
      config = embedded.applyTo(config);
    }
    LOG.info("player-service {} starting: database {}, HTTP port {}, {} verticle instances",
        version(), config.databaseTarget(), config.httpPort(), config.instances());
    try {
      PlayerServiceApp.deploy(vertx, config).await();
    } catch (Throwable e) { // await() rethrows checked causes too, such as a BindException
      LOG.error("player-service failed to start: {}", e.getMessage());
      vertx.close();
      System.exit(1);
    }
    LOG.info("player-service listening on http://localhost:{}", config.httpPort());
  }

  private static ServiceConfig loadConfig(Vertx vertx) {
    try {
      return ConfigLoader.load(vertx).await();
    } catch (InvalidConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
    } catch (RuntimeException e) {
      System.err.println("invalid configuration: " + e.getMessage().lines().findFirst().orElse(""));
    }
    vertx.close();
    System.exit(2);
    return null;
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static void usage(int status) {
    System.err.println("""
        usage: java -jar player-service.jar [serve]
          serve   run the HTTP service (default); settings come from conf/config.json
                  and the environment (TIDB_HOST, TIDB_PORT, ... see README.md)""");
    System.exit(status);
  }
}
