package io.playerservice.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Migrations;
import io.playerservice.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The training run of the class-data archive that {@code mvn package} writes
 * ({@code -XX:ArchiveClassesAtExit}): the classes a start and its first requests load, without a
 * database. It starts the service in-process as {@code serve} does, pointed at a port where nothing
 * listens, so it comes up as it does in an outage (answering 503), runs the migrations once (they
 * fail to connect, having loaded Flyway and its driver), sends one request of each kind, and
 * exits. Hidden: a step of the build, not a command for users.
 */
@Command(name = "cds-training", hidden = true,
    description = "Start and stop an in-process service without a database, for the build's class-data archive.")
final class CdsTrainingCommand extends ConfiguredCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CdsTrainingCommand.class);
  private static final String TRADE = "{\"sellId\":\"cds-a\",\"buyId\":\"cds-b\",\"amount\":1,\"price\":1}";
  private static final String PLAYER = "{\"id\":\"cds-a\",\"coins\":1,\"goods\":1}";

  /** A request the training sends; {@code body} is null for none. */
  record Call(HttpMethod method, String path, String body) {
  }

  /** One request of each route the service serves, a malformed body and an unknown path among them. */
  static final List<Call> CALLS = List.of(
      new Call(HttpMethod.GET, "/health/live", null),
      new Call(HttpMethod.GET, "/health/ready", null),
      new Call(HttpMethod.GET, "/metrics", null),
      new Call(HttpMethod.GET, "/players/count", null),
      new Call(HttpMethod.GET, "/players/cds-a", null),
      new Call(HttpMethod.GET, "/players?limit=2", null),
      new Call(HttpMethod.POST, "/players", PLAYER),
      new Call(HttpMethod.POST, "/players/bulk", "[" + PLAYER + "]"),
      new Call(HttpMethod.PUT, "/players/cds-a", PLAYER),
      new Call(HttpMethod.POST, "/trades", TRADE),
      new Call(HttpMethod.POST, "/trades", "{not json"),
      new Call(HttpMethod.GET, "/trades?player=cds-a", null),
      new Call(HttpMethod.GET, "/trades/00000000-0000-0000-0000-000000000000", null),
      new Call(HttpMethod.GET, "/nothing-here", null));

  @Override
  public Integer call() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Vertx vertx = Metrics.vertx(new VertxOptions(), registry).build(); // as serve builds it
    ServiceConfig loaded = loadConfig(vertx);
    // Never the database the environment names: a port just released, where nothing listens.
    ServiceConfig config = loaded.withDatabase("127.0.0.1", freePort(), loaded.dbUser(), "")
        .withHttpPort(freePort());
    deploy(vertx, config, registry);
    try {
      Migrations.apply(config);
    } catch (Migrations.MigrationFailed expected) { // no database: the point is the classes it loaded
      LOG.info("cds-training: migrations without a database, as expected: {}", expected.getMessage());
    }
    HttpClient client = vertx.createHttpClient();
    // The calls go from an event loop: from this thread, an answer could end before body() asked
    // for it, and body() would then never complete.
    Context loop = vertx.getOrCreateContext();
    for (Call call : CALLS) {
      Promise<Integer> answered = Promise.promise();
      loop.runOnContext(started -> send(client, config.httpPort(), call).onComplete(answered));
      int status = answered.future().await();
      LOG.info("cds-training: {} {} answered {}", call.method(), call.path(), status);
    }
    vertx.close().await();
    return 0;
  }

  private static Future<Integer> send(HttpClient client, int port, Call call) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port)
        .setMethod(call.method()).setURI(call.path());
    if (call.body() != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
        .compose(request -> call.body() == null ? request.send() : request.send(Buffer.buffer(call.body())))
        .compose(response -> response.body().map(body -> response))
        .map(HttpClientResponse::statusCode);
  }
}
