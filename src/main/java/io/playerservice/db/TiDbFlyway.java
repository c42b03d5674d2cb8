package io.playerservice.db;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.database.mysql.MySQLDatabase;
import org.flywaydb.database.mysql.MySQLDatabaseType;

import java.sql.Connection;

/**
 * TiDB for Flyway, registered as a Flyway plugin ({@code META-INF/services}). flyway-mysql takes
 * TiDB for MySQL, which serves everything the service needs but one thing: adopting a database
 * (see {@link Migrations}) creates the history table with {@code CREATE TABLE ... AS SELECT},
 * which TiDB does not support. As TiDB, the history table is created and its baseline row
 * inserted in two statements, under Flyway's named lock ({@code GET_LOCK}, which TiDB has since
 * 6.1 and holds cluster-wide), so two nodes adopting at once still make one history. And TiDB 6.x,
 * which reports MySQL 5.7, is not refused as an old MySQL.
 */
public final class TiDbFlyway extends MySQLDatabaseType {

  /** Before flyway-mysql's MySQL, which would also claim the connection. */
  @Override
  public int getPriority() {
    return 1;
  }

  /** Never chosen by URL: only once a connection says the server is TiDB. */
  @Override
  public boolean handlesJDBCUrl(String url) {
    return false;
  }

  @Override
  public boolean handlesDatabaseProductNameAndVersion(String productName, String productVersion,
      Connection connection) {
    return productName.contains("MySQL")
        && (isTiDb(productVersion) || isTiDb(getSelectVersionOutput(connection)));
  }

  /** TiDB reports its version as MySQL's with its own after it, e.g. 8.0.11-TiDB-v7.5.1. */
  static boolean isTiDb(String version) {
    return version != null && version.contains("-TiDB-");
  }

  @Override
  public Database createDatabase(Configuration configuration, JdbcConnectionFactory connections,
      StatementInterceptor interceptor) {
    return new MySQLDatabase(configuration, connections, interceptor) {
      @Override
      protected boolean isCreateTableAsSelectAllowed() {
        return false;
      }

      /**
       * TiDB before 7.0 reports itself as MySQL 5.7.25, which Flyway's community edition refuses
       * as MySQL; TiDB's features do not follow the MySQL version it reports. 6.1 is the oldest
       * with the GET_LOCK Flyway locks with (older ones fail on it with a clear error).
       */
      @Override
      public void ensureSupported(Configuration configuration) {
        ensureDatabaseIsRecentEnough("5.7");
      }
    };
  }
}
