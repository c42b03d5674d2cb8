import io.playerservice.metrics.Metrics;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * The HTTP half of the floor under the service's CPU per trade: a Vert.x HTTP server on the
 * service's transport and loop count (native epoll, one event loop and one server instance per
 * core) that reads each request's body and answers 200 with a JSON body the size of a trade's
 * answer, with no routing, no database and nothing else. Run by {@code src/bench/warm.sh}, which
 * drives it with wrk as it drives the service; alone:
 *
 * <pre>java -cp target/player-service.jar src/bench/BareHttp.java 18200</pre>
 */
public final class BareHttp extends AbstractVerticle {
  /** A trade's answer as the service writes it: both players and the ledger row, about 330 bytes. */
  private static final Buffer ANSWER = Buffer.buffer("{\"seller\":{\"id\":\"lt-0000001\",\"coins\":1000000001,"
      + "\"goods\":999999999},\"buyer\":{\"id\":\"lt-0000002\",\"coins\":999999999,\"goods\":1000000001},"
      + "\"trade\":{\"id\":\"0b5e3c1e-4a4f-4c6e-9d3a-2f1e0c9b8a7d\",\"sellId\":\"lt-0000001\","
      + "\"buyId\":\"lt-0000002\",\"amount\":1,\"price\":1,\"tradedAt\":\"2026-12-06T15:00:00.123456Z\"}}");

  private final int port;

  private BareHttp(int port) {
    this.port = port;
  }

  @Override
  public void start(Promise<Void> started) {
    vertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> request.response()
            .putHeader("Content-Type", "application/json").end(ANSWER)))
        .listen(port)
        .<Void>mapEmpty()
        .onComplete(started);
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    VertxOptions loops = Metrics.serviceLoops(new VertxOptions());
    Vertx vertx = Vertx.builder().with(loops).build();
    vertx.deployVerticle(() -> new BareHttp(port), new DeploymentOptions().setInstances(loops.getEventLoopPoolSize()))
        .await();
    System.out.println("listening on " + port + (vertx.isNativeTransportEnabled() ? " (native transport)" : ""));
  }
}
