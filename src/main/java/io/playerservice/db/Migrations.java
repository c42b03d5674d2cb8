package io.playerservice.db;

import io.playerservice.config.ServiceConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * The schema as versioned migrations, {@code src/main/resources/db/migration/V<n>__<what>.sql},
 * applied in order by Flyway over JDBC ({@link Jdbc}), each once, recorded in the table
 * {@code flyway_schema_history}. {@code PlayerServiceVerticle} applies them at start (unless
 * {@code DB_MIGRATE} is off), off the event loop; the {@code migrate} command applies them on
 * demand. Blocking: never call on an event loop.
 *
 * <p><b>Adoption.</b> A database that already holds tables but no history (made by
 * {@code player_init.sql}, or by a version of the service without migrations) is recorded at
 * version 0, and then every migration runs: each creates its table only if it is missing, so
 * what is there is kept, rows and all, and what is missing is added. Nothing is ever dropped
 * ({@code clean} stays disabled). Flyway's own baseline at the newest version would skip the
 * tables a partly made database lacks.
 *
 * <p><b>Two nodes at once.</b> A named lock ({@code GET_LOCK}, on TiDB too) is held around the
 * whole run, adoption included ({@link MigrationLock}); the second node waits, then finds nothing
 * left to do.
 */
public final class Migrations {
  static final String LOCATION = "classpath:db/migration";
  /** Where an adopted database is recorded: before V1, so that every migration then runs. */
  static final String ADOPTED_AT = "0";
  static final String ADOPTION_DESCRIPTION = "tables made before migrations";

  private Migrations() {
  }

  /**
   * Brings the schema of {@code config}'s database to the newest version.
   *
   * @throws MigrationFailed with the reason in one line
   */
  public static MigrateResult apply(ServiceConfig config) {
    return apply(config, LOCATION);
  }

  /** As {@link #apply(ServiceConfig)}, with migrations from {@code location} (tests). */
  static MigrateResult apply(ServiceConfig config, String location) {
    try {
      return MigrationLock.migrate(flyway(config, location), config);
    } catch (FlywayException e) {
      boolean unreachable = TlsFailures.explain(e, config).isEmpty() && noConnection(e);
      throw new MigrationFailed(reason(e, config), unreachable, e);
    }
  }

  static Flyway flyway(ServiceConfig config, String location) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .loggers("slf4j")
        // Read when the data source is made from the URL, so set first.
        .jdbcProperties(Jdbc.properties(config))
        .dataSource(Jdbc.url(config), config.dbUser(), config.dbPassword())
        .locations(location)
        .baselineOnMigrate(true)
        .baselineVersion(ADOPTED_AT)
        .baselineDescription(ADOPTION_DESCRIPTION)
        .cleanDisabled(true)
        .load();
  }

  /** What a run did, in one line: for the start's log and the {@code migrate} command. */
  public static String summary(MigrateResult result, ServiceConfig config) {
    String schema = "schema of " + config.databaseTarget();
    if (result.migrationsExecuted == 0) {
      return schema + " is up to date at version " + result.initialSchemaVersion;
    }
    String applied = result.migrations.stream()
        .map(m -> "V" + m.version + " " + m.description + " (" + m.executionTime + " ms)")
        .collect(Collectors.joining(", "));
    String from = result.initialSchemaVersion == null ? "an empty database"
        : ADOPTED_AT.equals(result.initialSchemaVersion) ? "existing tables, adopted at version " + ADOPTED_AT
        : "version " + result.initialSchemaVersion;
    return schema + " migrated from " + from + " to version " + result.targetSchemaVersion
        + ": applied " + applied;
  }

  /**
   * Flyway's reports run over many lines (a failed migration's also quotes its whole statement);
   * the log gets one: a TLS setup mistake as the pool reports it, a failed migration as its name
   * with the database's error, anything else as Flyway's lines joined.
   */
  static String reason(FlywayException failure, ServiceConfig config) {
    var tls = TlsFailures.explain(failure, config);
    if (tls.isPresent()) {
      return tls.get();
    }
    SQLException sql = deepestSqlException(failure);
    String head = firstLine(failure.getMessage());
    if (sql != null) { // a statement the database refused, or a connection it did not give
      String cause = firstLine(sql.getMessage());
      return head.contains(cause) ? head : head + ": " + cause + " (error " + sql.getErrorCode() + ")";
    }
    return String.valueOf(failure.getMessage()).lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("---") && !line.contains("Learn more"))
        .collect(Collectors.joining(" "))
        .replaceAll("\\s+", " ");
  }

  /** SQLSTATE class 08: the driver got no connection (refused, timed out, cut while connecting). */
  private static boolean noConnection(Throwable failure) {
    SQLException sql = deepestSqlException(failure);
    return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
  }

  private static SQLException deepestSqlException(Throwable failure) {
    SQLException deepest = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        deepest = sql;
      }
    }
    return deepest;
  }

  static String firstLine(String message) {
    return String.valueOf(message).lines().findFirst().orElse("").strip();
  }

  /** A migration run failed; the message is the reason in one line. */
  public static final class MigrationFailed extends RuntimeException {
    private final boolean unreachable;

    MigrationFailed(String reason, boolean unreachable, Throwable cause) {
      super(reason, cause);
      this.unreachable = unreachable;
    }

    /** True when the database could not be reached at all, so a later try may succeed. */
    public boolean unreachable() {
      return unreachable;
    }
  }
}
