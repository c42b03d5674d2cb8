package io.playerservice.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads {@code conf/config.json} (or {@code CONFIG_FILE}), then the environment over it. */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  public static Future<ServiceConfig> load(Vertx vertx) {
    String file = System.getenv().getOrDefault("CONFIG_FILE", "conf/config.json");
    ConfigStoreOptions fileStore = new ConfigStoreOptions()
        .setType("file")
        .setOptional(true)
        .setConfig(new JsonObject().put("path", file));
    // raw-data keeps values as the strings they are, so a password of digits stays a string.
    ConfigStoreOptions envStore = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject()
            .put("keys", new JsonArray(ServiceConfig.KEYS))
            .put("raw-data", true));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(fileStore).addStore(envStore));
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(ServiceConfig::fromJson);
  }
}
