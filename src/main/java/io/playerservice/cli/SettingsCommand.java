package io.playerservice.cli;

import io.playerservice.config.SettingsTable;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Prints the settings the other commands would use, or the table of all settings. */
@Command(name = "settings", description = "Print the effective settings (defaults, config file, environment and"
    + " flags applied; secrets redacted) as NAME=value lines, and exit.")
final class SettingsCommand extends ConfiguredCommand implements Callable<Integer> {
  @Option(names = "--table", description = "print every setting's flag, default and meaning as a Markdown table")
  boolean table;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (table) {
      out.print(SettingsTable.markdown());
      out.flush();
      return 0;
    }
    Vertx vertx = Vertx.vertx();
    try {
      out.println(loadConfig(vertx).describe());
      out.flush();
    } finally {
      vertx.close();
    }
    return 0;
  }
}
