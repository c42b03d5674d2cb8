package io.playerservice.db;

import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.GeneralDatabaseType;
import org.flywaydb.database.mysql.MySQLDatabaseType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TiDB is recognised by its version and goes to {@link TiDbFlyway} before flyway-mysql's MySQL.
 * (No TiDB runs here: its adoption path, the history table without CREATE ... AS SELECT, is
 * flyway-mysql's own for MySQL servers that forbid that statement.)
 */
class TiDbFlywayTest {

  @Test
  void tidbIsToldFromMySqlAndMariaDbByItsVersion() {
    assertTrue(TiDbFlyway.isTiDb("8.0.11-TiDB-v7.5.1"));
    assertTrue(TiDbFlyway.isTiDb("8.0.11-TiDB-v7.1.3-serverless"));
    assertFalse(TiDbFlyway.isTiDb("8.4.5"));
    assertFalse(TiDbFlyway.isTiDb("11.4.5-MariaDB"));
  }

  @Test
  void flywayAsksTheTiDbTypeBeforeMySql() {
    List<GeneralDatabaseType> types = DatabaseTypeRegister.getDatabaseTypes();
    int tidb = indexOf(types, TiDbFlyway.class);
    int mysql = indexOf(types, MySQLDatabaseType.class);
    assertTrue(tidb >= 0 && tidb < mysql, types.toString());
  }

  private static int indexOf(List<GeneralDatabaseType> types, Class<?> type) {
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).getClass() == type) {
        return i;
      }
    }
    return -1;
  }
}
