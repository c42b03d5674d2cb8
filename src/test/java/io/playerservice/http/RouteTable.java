package io.playerservice.http;

import io.playerservice.admission.Bulkhead;
import io.playerservice.config.ServiceConfig;
import io.playerservice.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** The service's route table, as its router declares it, for tests that compare it with something. */
final class RouteTable {
  private RouteTable() {
  }

  /** No request runs, so the use cases are absent and the gates let everything through. */
  static List<Route> routes(Vertx vertx) {
    HttpApi.Gates open = new HttpApi.Gates(RoutingContext::next, RoutingContext::next,
        new Bulkhead(vertx, ServiceConfig.fromJson(new JsonObject()), null));
    // A Prometheus registry, as the service passes it, so /metrics is routed.
    return HttpApi.router(vertx, Metrics.newRegistry(), null, null, null, null, null, 1000, open).getRoutes();
  }
}
