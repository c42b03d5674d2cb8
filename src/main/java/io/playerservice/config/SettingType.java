package io.playerservice.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link Setting} holds: how a value is read from the file, the environment or a flag,
 * checked, written back, and shown in the settings table. Values arrive as JSON values from the
 * file and as strings from the environment and the flags; both read the same way.
 */
abstract class SettingType {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  /** The default, as the file would hold it. */
  final Object fallback;
  /** The placeholder of the flag's value in {@code --help}. */
  final String label;

  private SettingType(Object fallback, String label) {
    this.fallback = fallback;
    this.label = label;
  }

  /**
   * The value of setting {@code name} from its raw JSON or string form.
   *
   * @throws InvalidConfigException with a one-line reason
   */
  abstract Object read(String name, Object raw);

  /** The default as the settings table shows it (Markdown). */
  String shownDefault() {
    return fallback.toString().isEmpty() ? "*(empty)*" : "`" + fallback + "`";
  }

  /** The value as the file would hold it, so that {@link #read} gives it back. */
  Object toJson(Object value) {
    return value;
  }

  /** An integer in {@code min..max}. */
  static SettingType integer(int fallback, int min, int max) {
    return new SettingType(fallback, "INT") {
      @Override
      Object read(String name, Object raw) {
        return requireRange(name, parseInt(name, raw), min, max, "must be in ");
      }
    };
  }

  /** 0 turns the thing off; anything else must be in {@code min..max}. */
  static SettingType integerOrOff(int fallback, int min, int max) {
    return new SettingType(fallback, "INT") {
      @Override
      Object read(String name, Object raw) {
        int value = parseInt(name, raw);
        return value == 0 ? 0 : requireRange(name, value, min, max, "must be 0 (off) or in ");
      }
    };
  }

  /** 0 means the value {@code auto} gives at start, which, like any other, must be in {@code min..max}. */
  static SettingType integerOrAuto(int fallback, int min, int max, IntSupplier auto) {
    return new SettingType(fallback, "INT") {
      @Override
      Object read(String name, Object raw) {
        int value = parseInt(name, raw);
        return requireRange(name, value == 0 ? auto.getAsInt() : value, min, max, "must be in ");
      }
    };
  }

  static SettingType bool(boolean fallback) {
    return new SettingType(fallback, "true|false") {
      @Override
      Object read(String name, Object raw) {
        if (raw instanceof Boolean b) {
          return b;
        }
        if ("true".equals(raw) || "false".equals(raw)) {
          return Boolean.parseBoolean((String) raw);
        }
        throw new InvalidConfigException(name + " must be true or false, got " + describe(raw));
      }
    };
  }

  /**
   * Text, trimmed, that must match {@code pattern}; {@code rule} completes "NAME ..." in the
   * reason.
   */
  static SettingType text(String fallback, String pattern, String rule) {
    Pattern allowed = Pattern.compile(pattern);
    return new SettingType(fallback, "TEXT") {
      @Override
      Object read(String name, Object raw) {
        String value = string(name, raw).trim();
        if (!allowed.matcher(value).matches()) {
          throw new InvalidConfigException(name + " " + rule + (value.isEmpty() ? "" : ", got '" + value + "'"));
        }
        return value;
      }
    };
  }

  /** Any text, trimmed. */
  static SettingType text(String fallback) {
    return text(fallback, "(?s).*", "");
  }

  /** Text kept exactly as given (a password may begin or end with a space). */
  static SettingType verbatim() {
    return new SettingType("", "TEXT") {
      @Override
      Object read(String name, Object raw) {
        return string(name, raw);
      }
    };
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

  /** An absolute directory (a leading {@code ~/} is the user's home), or {@code special}. */
  static SettingType directory(String fallback, String shown, String special) {
    return new SettingType(fallback, "DIR") {
      @Override
      Object read(String name, Object raw) {
        String path = expandHome(string(name, raw).trim());
        if (!special.equals(path) && !Path.of(path).isAbsolute()) {
          throw new InvalidConfigException(name + " must be an absolute path or " + special + ", got '" + path + "'");
        }
        return path;
      }

      @Override
      String shownDefault() {
        return "`" + shown + "`";
      }
    };
  }

  /**
   * A duration from {@code min} to {@code max}: a whole number with a unit ({@code 500ms},
   * {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}), or ISO-8601 ({@code PT24H}).
   */
  static SettingType duration(String fallback, Duration min, Duration max, String range) {
    return new SettingType(fallback, "DURATION") {
      @Override
      Object read(String name, Object raw) {
        Duration value = parseDuration(name, string(name, raw).trim());
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
          throw new InvalidConfigException(name + " must be from " + range + ", got " + value);
        }
        return value;
      }

      @Override
      Object toJson(Object value) {
        return value.toString();
      }
    };
  }

  private static Duration parseDuration(String name, String text) {
    Matcher unit = DURATION.matcher(text);
    try {
      if (unit.matches()) {
        long amount = Long.parseLong(unit.group(1));
        return switch (unit.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(text);
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new InvalidConfigException(name + " must be a duration such as 24h, 90m or PT24H, got '" + text + "'");
    }
  }

  private static int parseInt(String name, Object raw) {
    if (raw instanceof Integer i) {
      return i;
    }
    if (raw instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new InvalidConfigException(name + " must be an integer, got " + describe(raw));
  }

  private static int requireRange(String name, int value, int min, int max, String rule) {
    if (value < min || value > max) {
      throw new InvalidConfigException(name + " " + rule + min + ".." + max + ", got " + value);
    }
    return value;
  }

  private static String string(String name, Object raw) {
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    throw new InvalidConfigException(name + " must be a string, got " + describe(raw));
  }

  /** A config file cannot rely on the shell to expand {@code ~/}. */
  private static String expandHome(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }

  private static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
