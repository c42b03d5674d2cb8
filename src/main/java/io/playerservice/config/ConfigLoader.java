package io.playerservice.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the settings in layers, each over the one before: the defaults in {@link Setting}, then
 * {@code conf/config.json} (or the file {@code CONFIG_FILE} names), then the environment, then the
 * command line's flags.
 */
public final class ConfigLoader {
  /** The file read when no other is named; it is optional. */
  public static final String DEFAULT_FILE = "conf/config.json";

  private ConfigLoader() {
  }

  /**
   * @param named the config file (null: {@code env}'s CONFIG_FILE, else the default file, if present)
   * @param env the environment; only the settings' names are read from it
   * @param flags settings given on the command line, by name
   */
  public static Future<ServiceConfig> load(Vertx vertx, String named, Map<String, String> env, JsonObject flags) {
    if (named == null) {
      named = env.get("CONFIG_FILE");
    }
    String file = named == null ? DEFAULT_FILE : named;
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
    // Values stay the strings they are, so a password of digits stays a string.
    JsonObject environment = new JsonObject();
    ServiceConfig.KEYS.stream().filter(env::containsKey).forEach(key -> environment.put(key, env.get(key)));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(environment));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(flags));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(failure -> Future.failedFuture(new InvalidConfigException(
            file + " is not valid JSON: " + String.valueOf(failure.getMessage()).lines().findFirst().orElse(""))))
        .map(ServiceConfig::fromJson);
  }
}
