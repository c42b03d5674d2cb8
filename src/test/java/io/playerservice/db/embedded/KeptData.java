package io.playerservice.db.embedded;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.UUID;

/** Directories for kept data, and the settings that reach it through the service's user. */
final class KeptData {
  private KeptData() {
  }

  /**
   * A new directory under the user's cache: kept data may not live under java.io.tmpdir, and the
   * checkout itself (so target/) may be there, as a clean clone for CI can be. Tests delete it.
   */
  static Path newDirectory() {
    return Path.of(System.getProperty("user.home"), ".cache", "player-service", "tests",
        UUID.randomUUID().toString()).toAbsolutePath();
  }

  /** Settings for the service's user on {@code database}. */
  static ServiceConfig config(EmbeddedMariaDb database) {
    return database.applyTo(ServiceConfig.fromJson(new JsonObject()));
  }

  /** Settings for the service's user on a server on this machine. */
  static ServiceConfig config(int port, String password) {
    return ServiceConfig.fromJson(new JsonObject()).withDatabase("127.0.0.1", port, ServiceUser.NAME, password);
  }
}
