package io.playerservice.config;

import java.util.regex.Pattern;

/** The settings as configuration.md's table shows them, and as {@code --help} does. */
public final class SettingsTable {
  private static final Pattern LINK = Pattern.compile("\\[([^]]+)]\\([^)]+\\)");

  private SettingsTable() {
  }

  /** The Markdown table, one row per {@link Setting} in declaration order. */
  public static String markdown() {
    StringBuilder table = new StringBuilder("| name | flag | default | meaning |\n|---|---|---|---|\n");
    for (Setting setting : Setting.values()) {
      table.append("| `").append(setting.name()).append("` | ")
          .append(setting.secret() ? "*(none: secret)*" : "`" + setting.flag() + "`").append(" | ")
          .append(setting.shownDefault()).append(" | ")
          .append(setting.doc()).append(" |\n");
    }
    return table.toString();
  }

  /** A setting's documentation as plain text for a terminal: no links, no code marks. */
  public static String plain(Setting setting) {
    return LINK.matcher(setting.doc()).replaceAll("$1").replace("`", "");
  }

  /** A setting's default as plain text for a terminal. */
  public static String plainDefault(Setting setting) {
    return setting.shownDefault().equals("*(empty)*") ? "empty" : setting.shownDefault().replace("`", "");
  }
}
