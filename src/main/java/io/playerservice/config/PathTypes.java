package io.playerservice.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** The path types of {@link Setting}: checked against the file system when the setting is read. */
final class PathTypes {
  private PathTypes() {
  }

  /** A readable file, or empty for none; a leading {@code ~/} is the user's home. */
  static SettingType file() {
    return new SettingType("", "FILE") {
      @Override
      Object read(String name, Object raw) {
        String path = expandHome(string(name, raw).trim());
        if (!path.isEmpty() && !Files.isReadable(Path.of(path))) {
          throw new InvalidConfigException(name + " names no readable file: " + path);
        }
        return path;
      }
    };
  }

  /**
   * A directory (a leading {@code ~/} is the user's home). Not checked here: only the settings
   * together say whether it will be used ({@link ServiceConfig}).
   */
  static SettingType directory(String fallback, String shown) {
    return new SettingType(fallback, "DIR") {
      @Override
      Object read(String name, Object raw) {
        return expandHome(string(name, raw).trim());
      }

      @Override
      String shownDefault() {
        return "`" + shown + "`";
      }
    };
  }

  /** A config file cannot rely on the shell to expand {@code ~/}. */
  private static String expandHome(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }
}
