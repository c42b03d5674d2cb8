package io.playerservice.support;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The one real database the whole suite runs against, chosen once per JVM in this order:
 * the database the {@code TIDB_*} variables name; a MySQL 8.4 container when a Docker engine
 * answers; otherwise the embedded MariaDB the service itself falls back to.
 */
public final class TestDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
  private static ServiceConfig config;
  private static String description;

  private TestDatabase() {
  }

  /** Service settings pointed at the test database (HTTP port still to be chosen). */
  public static synchronized ServiceConfig config() {
    if (config == null) {
      config = choose();
      LOG.info("tests run against {}: {}", description, config.databaseTarget());
    }
    return config;
  }

  /** A short name of the database in use, for tests that need to know (e.g. TiDB-only behaviour). */
  public static synchronized String description() {
    config();
    return description;
  }

  private static ServiceConfig choose() {
    JsonObject env = new JsonObject();
    ServiceConfig.KEYS.forEach(key -> {
      if (System.getenv(key) != null) {
        env.put(key, System.getenv(key));
      }
    });
    ServiceConfig fromEnv = ServiceConfig.fromJson(env);
    if (!fromEnv.embeddedDatabase()) {
      description = "the database named by TIDB_HOST";
      return fromEnv;
    }
    if (dockerAvailable()) {
      // As root, as the embedded server's user has ALL ON *.*: tests read INNODB_TRX (Locks),
      // which needs the PROCESS privilege a user of one schema lacks.
      MySQLContainer mysql = new MySQLContainer("mysql:8.4").withDatabaseName(fromEnv.dbName())
          .withUsername("root");
      mysql.start();
      Runtime.getRuntime().addShutdownHook(new Thread(mysql::stop));
      description = "a Testcontainers MySQL 8.4";
      return fromEnv.withDatabase(mysql.getHost(), mysql.getMappedPort(3306),
          mysql.getUsername(), mysql.getPassword());
    }
    LOG.info("no TIDB_HOST and no Docker engine: the Testcontainers MySQL path is skipped");
    description = "the embedded MariaDB";
    return EmbeddedMariaDb.start(fromEnv.dbName()).applyTo(fromEnv);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
