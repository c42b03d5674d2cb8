package io.playerservice.cli;

import io.playerservice.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a user meets it, run in this JVM through the same entry {@code main} uses:
 * help, version, usage errors (exit 2), and settings given as flags. Nothing here starts a
 * service; the commands that do are run as processes elsewhere ({@code CleanStartTest}).
 */
class CliTest {

  /** What one run printed and returned. */
  private record Run(int status, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void versionComesFromTheManifest() {
    Run run = run("--version");
    assertEquals(0, run.status());
    // Classes run from target/classes have no manifest: "dev"; the jar says its version.
    assertEquals("player-service " + Cli.version() + "\n", run.out());
  }

  @Test
  void helpListsEveryCommand() {
    Run run = run("--help");
    assertEquals(0, run.status());
    for (String command : List.of("serve", "demo", "loadtest", "sqlbench", "embedded-db", "settings")) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " in\n" + run.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "demo", "loadtest", "sqlbench", "embedded-db", "settings"})
  void everyCommandHasHelp(String command) {
    Run run = run(command, "--help");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().startsWith("Usage: player-service " + command), run.out());
    assertEquals("", run.err());
  }

  @Test
  void serveHelpListsEverySettingAsAFlagButNoSecret() {
    String help = run("serve", "--help").out().replaceAll("\\s+", " "); // as if unwrapped
    for (Setting setting : Setting.values()) {
      assertEquals(!setting.secret(), help.contains(setting.flag() + "="), setting.flag());
      assertEquals(!setting.secret(), help.contains("(" + setting.name() + ", default"), setting.name());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "serve --bogus|Unknown option: '--bogus'",
      "frobnicate|Unmatched argument at index 0: 'frobnicate'",
      "loadtest --players 1|--players must be an integer in 2..1000000, got '1'",
      "loadtest --threshold p99<50|--threshold 'p99<50': a latency needs a unit, ms, s or us (e.g. p99<50ms)",
      "sqlbench --hot 6 --players 5|--hot 6 is more than --players 5",
      "embedded-db innodb|embedded-db takes mariadbd options such as --innodb-buffer-pool-size=1G, got 'innodb'",
      "serve --tidb-password pw|--tidb-password is not accepted: a command line shows in ps; set TIDB_PASSWORD"
          + " in the environment or the config file",
  })
  void aUsageErrorPrintsTheReasonAndTheUsageAndExits2(String args, String reason) {
    Run run = run(args.split(" "));
    assertEquals(2, run.status());
    assertTrue(run.err().startsWith(reason), run.err());
    assertTrue(run.err().contains("Usage: player-service"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void anInvalidSettingGivenAsAFlagIsRefusedLikeOneFromTheEnvironment() {
    Run run = run("settings", "--http-port", "abc");
    assertEquals(2, run.status());
    assertEquals("invalid configuration: HTTP_PORT must be an integer, got 'abc'\n", run.err());
  }

  @Test
  void aJwksWithoutIssuerAndAudienceIsRefusedBeforeTheServiceStarts() {
    Run run = run("serve", "--auth-jwks-url", "https://idp.example/realms/games/certs",
        "--auth-jwt-issuer", "https://idp.example/realms/games");
    assertEquals(2, run.status());
    assertEquals("invalid configuration: AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE, or any"
        + " application of the provider could call this service\n", run.err());
  }

  @Test
  void flagsReachTheSettingsOverTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"),
        "{\"HTTP_PORT\": 1111, \"TRADE_MAX_ATTEMPTS\": 5, \"TIDB_PASSWORD\": \"s3cr3t-value\"}");
    Run run = run("settings", "--config-file", file.toString(), "--http-port", "4321", "--db-pool-size=3",
        "--idempotency-key-ttl", "90m");
    assertEquals(0, run.status(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.contains("HTTP_PORT=4321"), run.out());
    assertTrue(lines.contains("DB_POOL_SIZE=3"), run.out());
    assertTrue(lines.contains("IDEMPOTENCY_KEY_TTL=PT1H30M"), run.out());
    if (System.getenv("TRADE_MAX_ATTEMPTS") == null) {
      assertTrue(lines.contains("TRADE_MAX_ATTEMPTS=5"), run.out());
    }
    assertFalse(run.out().contains("s3cr3t-value"), "a secret printed");
    assertEquals(Setting.values().length, lines.size());
  }

  @Test
  void serveIsTheCommandWhenNoneIsNamed() {
    assertArrayEquals(new String[] {"serve"}, Cli.withDefaultCommand(new String[0]));
    assertArrayEquals(new String[] {"serve", "-cluster"}, Cli.withDefaultCommand(new String[] {"-cluster"}));
    assertArrayEquals(new String[] {"serve", "--http-port", "1"},
        Cli.withDefaultCommand(new String[] {"--http-port", "1"}));
    assertArrayEquals(new String[] {"--version"}, Cli.withDefaultCommand(new String[] {"--version"}));
    assertArrayEquals(new String[] {"demo"}, Cli.withDefaultCommand(new String[] {"demo"}));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-cluster", "--cluster"})
  void clusteredModeKeepsItsOldSpelling(String flag) {
    ServeCommand serve = subcommand(Cli.commandLine().parseArgs("serve", flag));
    assertTrue(serve.cluster);
  }

  @Test
  void embeddedDbPassesOptionsThatAreNotItsOwnToMariadbd() {
    CommandLine.ParseResult parsed = Cli.commandLine()
        .parseArgs("embedded-db", "--innodb-buffer-pool-size=1G", "--tidb-db-name=bench", "--max-connections=500");
    EmbeddedDbCommand command = subcommand(parsed);
    assertEquals(List.of("--innodb-buffer-pool-size=1G", "--max-connections=500"), command.serverArgs);
    assertEquals("bench", SettingFlags.given(command.spec).getString("TIDB_DB_NAME"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T subcommand(CommandLine.ParseResult parsed) {
    return (T) parsed.subcommand().commandSpec().userObject();
  }
}
