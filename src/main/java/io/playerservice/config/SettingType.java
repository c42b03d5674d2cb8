package io.playerservice.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link Setting} holds: how a value is read from the file, the environment or a flag,
 * checked, written back, and shown in the settings table. Values arrive as JSON values from the
 * file and as strings from the environment and the flags; both read the same way. The text,
 * boolean and duration types are made here; {@link NumberTypes} and {@link PathTypes} make the others.
 */
abstract class SettingType {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  /** The default, as the file would hold it. */
  final Object fallback;
  /** The placeholder of the flag's value in {@code --help}. */
  final String label;

  SettingType(Object fallback, String label) {
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

  static String string(String name, Object raw) {
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    throw new InvalidConfigException(name + " must be a string, got " + describe(raw));
  }

  static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
