package io.playerservice.config;

import java.util.function.IntSupplier;

/** The integer types of {@link Setting}: a range, and what 0 means when it is not in it. */
final class NumberTypes {
  private NumberTypes() {
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
    throw new InvalidConfigException(name + " must be an integer, got " + SettingType.describe(raw));
  }

  private static int requireRange(String name, int value, int min, int max, String rule) {
    if (value < min || value > max) {
      throw new InvalidConfigException(name + " " + rule + min + ".." + max + ", got " + value);
    }
    return value;
  }
}
