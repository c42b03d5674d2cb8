package io.playerservice.http;

import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The contract, as the running service serves it, passes Redocly's recommended lint: no errors,
 * and no warnings but those the contract explains. The linter is {@code @redocly/cli} from npm,
 * pinned by the lockfile in {@code src/test/contract-lint} and installed there with
 * {@code npm ci} when missing; without node and npm the test is skipped.
 */
class ContractLintTest {
  private static final Logger LOG = LoggerFactory.getLogger(ContractLintTest.class);
  /** The npm project that pins the linter and holds its settings. */
  private static final Path TOOL = Path.of(System.getProperty("basedir", "."), "src", "test", "contract-lint");
  private static final Path CLI = TOOL.resolve("node_modules/@redocly/cli/bin/cli.js");
  /** An operation that can answer no 4XX says why in this member; that warning is then explained. */
  private static final String NO_4XX_RULE = "operation-4xx-response";
  private static final String NO_4XX_REASON = "x-client-errors";

  @TempDir
  static Path output;

  @Test
  void theServedContractHasNoErrorsAndNoWarningsButTheExplainedOnes() {
    skipUnless(answers("node") && answers("npm"), "node and npm are not installed");
    String pinned = new JsonObject(read(TOOL.resolve("package-lock.json"))).getJsonObject("packages")
        .getJsonObject("node_modules/@redocly/cli").getString("version");
    if (!pinned.equals(installedVersion())) {
      Run install = run("npm", "ci", "--prefix", TOOL.toString(), "--no-audit", "--no-fund");
      // Offline, say: not a fault of the contract (CI installs the linter before the tests).
      skipUnless(install.exit() == 0, "npm ci could not install the linter:\n" + install.text());
    }

    Run lint;
    JsonObject served;
    try (ServiceUnderTest service = ServiceUnderTest.start()) {
      String url = "http://localhost:" + service.config.httpPort() + "/openapi.yaml";
      lint = run("node", CLI.toString(), "lint", "--config", TOOL.resolve("redocly.yaml").toString(),
          "--format", "json", url);
      served = new JsonObject((Map<String, Object>) new Yaml().load(service.get("/openapi.yaml").bodyAsString()));
    }
    JsonObject report;
    try {
      report = new JsonObject(lint.out());
    } catch (DecodeException e) {
      throw new AssertionError("Redocly gave no report (exit " + lint.exit() + "):\n" + lint.text(), e);
    }
    assertEquals(pinned, report.getString("version"), "the linter that ran is not the pinned one");

    List<String> unexplained = new ArrayList<>();
    for (Object entry : report.getJsonArray("problems")) {
      JsonObject problem = (JsonObject) entry;
      String pointer = problem.getJsonArray("location").getJsonObject(0).getString("pointer");
      if (!explained(served, problem.getString("ruleId"), pointer)) {
        unexplained.add(problem.getString("severity") + " " + problem.getString("ruleId") + " at " + pointer
            + ": " + problem.getString("message"));
      }
    }
    assertEquals(0, report.getJsonObject("totals").getInteger("errors"), lint.text());
    assertEquals(List.of(), unexplained, "Redocly's output:\n" + lint.text());
  }

  /** Skips the test, and says why on the console too: a skip is easy to miss in the summary. */
  private static void skipUnless(boolean condition, String reason) {
    if (!condition) {
      LOG.info("{}: the contract lint is skipped", reason);
      abort(reason + ": the contract lint is skipped");
    }
  }

  /**
   * An operation without a 4XX answer is explained when it carries {@value #NO_4XX_REASON};
   * {@code pointer} is the operation's {@code responses}, as {@code #/paths/~1metrics/get/responses}.
   */
  private static boolean explained(JsonObject contract, String rule, String pointer) {
    String[] steps = pointer.split("/");
    if (!rule.equals(NO_4XX_RULE) || steps.length != 5 || !steps[1].equals("paths")) {
      return false;
    }
    String path = steps[2].replace("~1", "/").replace("~0", "~");
    JsonObject operation = contract.getJsonObject("paths").getJsonObject(path).getJsonObject(steps[3]);
    return operation.getString(NO_4XX_REASON, "").length() > 0;
  }

  private static String installedVersion() {
    Path manifest = CLI.getParent().getParent().resolve("package.json");
    return Files.exists(manifest) ? new JsonObject(read(manifest)).getString("version") : null;
  }

  private static boolean answers(String command) {
    try {
      return run(command, "--version").exit() == 0;
    } catch (UncheckedIOException e) { // not on the PATH
      return false;
    }
  }

  /** Runs {@code command} to its end (at most two minutes), Redocly's telemetry and notices off. */
  private static Run run(String... command) {
    try {
      Path out = Files.createTempFile(output, "out", ".txt");
      Path err = Files.createTempFile(output, "err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("REDOCLY_TELEMETRY", "off");
      builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within two minutes:\n" + read(out) + read(err));
      }
      return new Run(process.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A finished command: its exit status, standard output and standard error. */
  private record Run(int exit, String out, String err) {
    String text() {
      return out + (err.isBlank() ? "" : "\n" + err);
    }
  }
}
