package io.playerservice;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Deploys the service into a {@link Vertx}: the entry point for {@code main}, tests and embedders. */
public final class PlayerServiceApp {
  private PlayerServiceApp() {
  }

  /**
   * Deploys {@code config.instances()} verticles that share one pool and one HTTP port.
   *
   * @return the deployment id, for {@code vertx.undeploy}
   */
  public static Future<String> deploy(Vertx vertx, ServiceConfig config) {
    return vertx.deployVerticle(() -> new PlayerServiceVerticle(config),
        new DeploymentOptions().setInstances(config.instances()));
  }
}
