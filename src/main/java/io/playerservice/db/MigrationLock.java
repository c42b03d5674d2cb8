package io.playerservice.db;

import io.playerservice.config.ServiceConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A named lock of the server's ({@code GET_LOCK}: server-wide on MySQL and MariaDB, cluster-wide
 * on TiDB) held around a whole Flyway run, so that nodes starting together migrate one at a time.
 * Flyway's own lock covers applying migrations but not the baseline that adopts a database: two
 * nodes adopting at once would both see no history, and the second would fail on the first's
 * history table, new and still empty. Under this lock the second waits, then finds nothing to do.
 */
final class MigrationLock {
  /** How long a node waits for another's migrations: TiDB's online DDL on a large table takes a while. */
  private static final int WAIT_SECONDS = 600;
  /** MySQL's longest lock name. */
  private static final int MAX_NAME_LENGTH = 64;

  private MigrationLock() {
  }

  /**
   * Runs {@code flyway}'s migrations holding the lock, taken on a connection of its own: closing
   * that connection frees it.
   */
  static MigrateResult migrate(Flyway flyway, ServiceConfig config) {
    String name = "player-service.migrate:" + config.dbName();
    name = name.substring(0, Math.min(name.length(), MAX_NAME_LENGTH));
    try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
         PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      lock.setString(1, name);
      lock.setInt(2, WAIT_SECONDS);
      try (ResultSet held = lock.executeQuery()) {
        if (!held.next() || held.getInt(1) != 1) {
          throw new FlywayException("another node held the migration lock " + name + " for over "
              + WAIT_SECONDS + " s");
        }
      }
      return flyway.migrate();
    } catch (SQLException e) { // as Flyway says it when it cannot connect, so it is read the same way
      throw new FlywayException("Unable to obtain connection from database (" + Jdbc.url(config)
          + ") for user '" + config.dbUser() + "': " + Migrations.firstLine(e.getMessage()), e);
    }
  }
}
