package io.playerservice;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Deploys the service into a {@link Vertx}: the entry point for {@code main}, tests and embedders. */
public final class PlayerServiceApp {
  private PlayerServiceApp() {
  }

  /**
   * Deploys the service: one {@link PlayerServiceVerticle} owning the pool, with
   * {@code config.instances()} API verticles that share it and one HTTP port.
   *
   * @return the deployment id, for {@code vertx.undeploy} (which drains, then closes the pool)
   */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config) {
    return vertx.deployVerticle(new PlayerServiceVerticle(config));
  }
}
