package io.playerservice.db;

import io.playerservice.config.ServiceConfig;
import io.playerservice.support.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A database (schema) of a test's own on the test server, dropped on close, and plain JDBC to set
 * it up and read it back: the states a service may find at start, made by hand.
 */
public final class ThrowawaySchema implements AutoCloseable {
  public final ServiceConfig config;

  private ThrowawaySchema(ServiceConfig config) {
    this.config = config;
  }

  public static ThrowawaySchema create() {
    ServiceConfig server = TestDatabase.config();
    String name = "migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name);
    return new ThrowawaySchema(ServiceConfig.fromJson(server.toJson().put("TIDB_DB_NAME", name)));
  }

  public String name() {
    return config.dbName();
  }

  /** Runs each statement in this schema. */
  public void execute(String... statements) {
    execute(config, statements);
  }

  /** The first column of every row of {@code sql}, as strings. */
  public List<String> column(String sql) {
    return column(sql, 1);
  }

  /** Column {@code index} of every row of {@code sql}, as strings. */
  public List<String> column(String sql, int index) {
    try (Connection connection = connect(config); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(index));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The tables of this schema, by name, Flyway's history left out. */
  public List<String> tables() {
    return column("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + name()
        + "' AND table_name <> 'flyway_schema_history' ORDER BY table_name");
  }

  @Override
  public void close() {
    execute(TestDatabase.config(), "DROP DATABASE IF EXISTS " + name());
  }

  private static void execute(ServiceConfig config, String... statements) {
    try (Connection connection = connect(config); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Connection connect(ServiceConfig config) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(Jdbc.properties(config));
    properties.put("user", config.dbUser());
    properties.put("password", config.dbPassword());
    return DriverManager.getConnection(Jdbc.url(config), properties);
  }
}
