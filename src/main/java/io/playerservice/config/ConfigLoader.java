package io.playerservice.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code conf/config.json} (or {@code CONFIG_FILE}), then the environment over it. */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  public static Future<ServiceConfig> load(Vertx vertx) {
    return load(vertx, System.getenv("CONFIG_FILE"));
  }

  /** With {@code named} as CONFIG_FILE (null: the default file, if present). */
  static Future<ServiceConfig> load(Vertx vertx, String named) {
    String file = named == null ? "conf/config.json" : named;
    if (named != null && !Files.isReadable(Path.of(named))) {
      return Future.failedFuture(new InvalidConfigException("CONFIG_FILE names no readable file: " + named));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0);
    // The default file is optional; one that exists must parse (an "optional" store in
    // vertx-config would silently ignore a file with a syntax error).
    if (Files.exists(Path.of(file))) {
      options.addStore(new ConfigStoreOptions()
          .setType("file")
          .setConfig(new JsonObject().put("path", file)));
    }
    // raw-data keeps values as the strings they are, so a password of digits stays a string.
    ConfigStoreOptions envStore = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject()
            .put("keys", new JsonArray(ServiceConfig.KEYS))
            .put("raw-data", true));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options.addStore(envStore));
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(failure -> Future.failedFuture(new InvalidConfigException(
            file + " is not valid JSON: " + String.valueOf(failure.getMessage()).lines().findFirst().orElse(""))))
        .map(ServiceConfig::fromJson);
  }
}
