package io.playerservice.cli;

import io.playerservice.config.Setting;
import io.playerservice.config.SettingsTable;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives a command one flag per {@link Setting} ({@code HTTP_PORT} is {@code --http-port}), made
 * from the declarations, and reads back the ones given. Values are taken as text and checked by
 * the setting itself, as values from the environment and the file are.
 *
 * <p>A secret setting has no flag: a command line is visible to every user of the machine
 * ({@code ps}). Its flag is accepted only to refuse it with that reason.
 */
public class SettingFlags implements CommandLine.IModelTransformer {

  @Override
  public CommandSpec transform(CommandSpec spec) {
    ArgGroupSpec.Builder group = ArgGroupSpec.builder().exclusive(false).multiplicity("0..1")
        .heading("%nSettings (a flag beats the environment, which beats the config file; secrets have no flag):%n");
    for (Setting setting : Setting.values()) {
      OptionSpec.Builder option = OptionSpec.builder(setting.flag()).paramLabel(setting.label()).type(String.class);
      if (setting.secret()) {
        spec.addOption(option.hidden(true).setter(new CommandLine.Model.ISetter() {
          @Override
          public <T> T set(T value) {
            if (value == null) {
              return null; // picocli's initial value, not the user's
            }
            throw new CommandLine.ParameterException(spec.commandLine(), setting.flag() + " is not accepted: a "
                + "command line shows in ps; set " + setting.name() + " in the environment or the config file");
          }
        }).build());
      } else {
        group.addArg(option.description(escape(SettingsTable.plain(setting) + " (" + setting.name() + ", default "
            + SettingsTable.plainDefault(setting) + ")")).build());
      }
    }
    spec.addArgGroup(group.build());
    // The settings in the table's order, after the command's own options; a short synopsis.
    spec.usageMessage().sortOptions(false).abbreviateSynopsis(true);
    return spec;
  }

  /** The settings given as flags on {@code spec}'s command line, by their names. */
  static JsonObject given(CommandSpec spec) {
    JsonObject given = new JsonObject();
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    for (Setting setting : Setting.values()) {
      if (!setting.secret() && parsed.hasMatchedOption(setting.flag())) {
        given.put(setting.name(), parsed.matchedOptionValue(setting.flag(), (String) null));
      }
    }
    return given;
  }

  /** picocli formats descriptions with String.format. */
  private static String escape(String text) {
    return text.replace("%", "%%");
  }
}
