import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * How long a new database connection takes on one transport ({@code native} or {@code jdk}):
 * the first of the JVM (classes still loading), then new connections one after another,
 * alternately with Vert.x's default socket options and through the service's own pool
 * ({@code Database.pool}), each timed from the pool's {@code getConnection()} (TCP connect, the
 * server's greeting, login; the service's session SET too) to the connection in hand, then its
 * first {@code SELECT 1}. The database is the one the {@code TIDB_*} variables name. Run by
 * {@code src/bench/connect.sh}; alone:
 *
 * <pre>java -cp target/player-service.jar src/bench/ConnectTimes.java native</pre>
 */
public final class ConnectTimes {
  /** New connections per kind of options, after the first: enough for a median to ignore a stall. */
  private static final int ROUNDS = 9;

  public static void main(String[] args) {
    boolean askNative = args.length > 0 && args[0].equals("native");
    Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(askNative)).build();
    if (askNative && !vertx.isNativeTransportEnabled()) {
      System.out.println("SKIP: no native transport here: " + vertx.unavailableNativeTransportCause());
      vertx.close().await();
      return;
    }
    String transport = vertx.isNativeTransportEnabled() ? "native" : "JDK";
    JsonObject settings = new JsonObject();
    System.getenv().forEach((name, value) -> {
      if (ServiceConfig.KEYS.contains(name)) {
        settings.put(name, value);
      }
    });
    ServiceConfig config = ServiceConfig.fromJson(settings);
    Supplier<Pool> vertxDefaults = () -> MySQLBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(Database.connectOptions(config))
        .using(vertx)
        .build();
    Supplier<Pool> service = () -> Database.pool(vertx, config, 1, 1);

    double[] first = time(service);
    double[][] defaults = new double[2][ROUNDS];
    double[][] ours = new double[2][ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      record(defaults, i, time(vertxDefaults));
      record(ours, i, time(service));
    }
    System.out.printf("%s transport: the JVM's first connection %.1f ms, its first query %.1f ms;"
        + " then medians of %d new connections:%n", transport, first[0], first[1], ROUNDS);
    System.out.printf("  Vert.x's default socket options: connection %7.1f ms, first query %5.1f ms%n",
        median(defaults[0]), median(defaults[1]));
    System.out.printf("  the service's pool:              connection %7.1f ms, first query %5.1f ms%n",
        median(ours[0]), median(ours[1]));
    System.out.printf("  connection, Vert.x's defaults / the service's: %.1f%n", median(defaults[0]) / median(ours[0]));
    vertx.close().await();
  }

  /** Milliseconds to a new connection of a new pool, and to its first query's answer. */
  private static double[] time(Supplier<Pool> pools) {
    Pool pool = pools.get();
    long start = System.nanoTime();
    SqlConnection connection = pool.getConnection().await();
    long connected = System.nanoTime();
    connection.query("SELECT 1").execute().await();
    long answered = System.nanoTime();
    connection.close().await();
    pool.close().await();
    return new double[] {(connected - start) / 1e6, (answered - connected) / 1e6};
  }

  private static void record(double[][] into, int i, double[] times) {
    into[0][i] = times[0];
    into[1][i] = times[1];
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
