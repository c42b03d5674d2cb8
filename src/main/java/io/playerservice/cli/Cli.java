package io.playerservice.cli;

import io.playerservice.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The command line: one class per command, listed once in {@code subcommands} below. A usage error
 * prints the reason and the usage and exits 2; a failure at start exits 1.
 */
// INHERIT: every command has --help and --version too.
@Command(name = "player-service", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
    scope = CommandLine.ScopeType.INHERIT,
    synopsisSubcommandLabel = "[COMMAND]",
    description = {"Reactive HTTP service for PingCAP's player sample, on TiDB, MySQL or MariaDB.",
        "Without a command, serve runs, with any options given. See README.md."},
    subcommands = {
        ServeCommand.class,
        DemoCommand.class,
        LoadTestCommand.class,
        SqlBenchCommand.class,
        MigrateCommand.class,
        EmbeddedDbCommand.class,
        SettingsCommand.class,
        CdsTrainingCommand.class,
    })
public final class Cli {
  private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

  private Cli() {
  }

  /** Runs {@code args} and returns the exit status; only {@link Main} turns it into an exit. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine().setOut(out).setErr(err).execute(withDefaultCommand(args));
  }

  /** The commands, with a {@link Failure} turned into its message and status. */
  static CommandLine commandLine() {
    return new CommandLine(new Cli())
        .setOverwrittenOptionsAllowed(true) // the last wins, as scripts that append options expect
        .setParameterExceptionHandler(Cli::usageError)
        .setExecutionExceptionHandler((failure, command, parsed) -> {
          if (failure instanceof Failure stop) {
            if (stop.getMessage() != null) {
              command.getErr().println(stop.getMessage());
            }
            return stop.status;
          }
          if (failure instanceof InvalidConfigException bad) { // e.g. an OTEL_* value the SDK refuses
            command.getErr().println("invalid configuration: " + bad.getMessage());
            return 2;
          }
          throw failure;
        });
  }

  /** The reason, any "did you mean", then the usage, always (picocli leaves it out after a suggestion). */
  private static int usageError(CommandLine.ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(error.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
    command.usage(err);
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** {@code serve} when no command is named: none at all, or options only ({@code -cluster}). */
  static String[] withDefaultCommand(String[] args) {
    boolean named = args.length > 0 && (!args[0].startsWith("-") || OWN_OPTIONS.contains(args[0]));
    return named ? args : Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
  }

  /** The jar's version, from its manifest ({@code dev} when run from classes). */
  public static String version() {
    String version = Cli.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"player-service " + version()};
    }
  }
}
