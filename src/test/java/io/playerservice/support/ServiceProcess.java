package io.playerservice.support;

import io.playerservice.cli.Main;
import io.playerservice.config.ServiceConfig;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * {@code java … io.playerservice.cli.Main serve} in a JVM of its own, as an operator starts it, for
 * the checks that only a whole process shows: exit codes, what it prints, JVM-wide settings such
 * as the trust store, what a {@code kill -9} leaves behind. Its output (logs go to stderr) is
 * collected for the test to read.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Duration STOP = Duration.ofSeconds(20);

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;

  private ServiceProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> copy(process.getInputStream()), "service-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the service with exactly these settings (none inherited) and extra JVM flags. */
  public static ServiceProcess start(Map<String, String> settings, List<String> jvmFlags) {
    return run(Main.class, List.of("serve"), settings, jvmFlags);
  }

  /** As {@link #start}, with another main class of the class path and its arguments. */
  public static ServiceProcess run(Class<?> main, List<String> args, Map<String, String> settings,
      List<String> jvmFlags) {
    return run(System.getProperty("java.class.path"), main, args, settings, jvmFlags);
  }

  /**
   * {@code serve} with these settings on the test class path less the jars whose file names
   * start with {@code leftOut}, as a build that does not carry them runs.
   */
  public static ServiceProcess startWithout(String leftOut, Map<String, String> settings) {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith(leftOut))
        .collect(Collectors.joining(File.pathSeparator));
    return run(classPath, Main.class, List.of("serve"), settings, List.of());
  }

  private static ServiceProcess run(String classPath, Class<?> main, List<String> args,
      Map<String, String> settings, List<String> jvmFlags) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    ServiceConfig.KEYS.forEach(builder.environment()::remove);
    builder.environment().remove("CONFIG_FILE");
    // Nor the switches read outside the settings: the log format and OpenTelemetry's variables.
    builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_") || name.equals("LOG_FORMAT"));
    builder.environment().putAll(settings);
    try {
      return new ServiceProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exit code, or -1 if the process still runs after {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Waits until the output holds {@code text}; false when the process exits or time runs out first. */
  public boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(50))
          .until(() -> output.indexOf(text) >= 0 || !process.isAlive());
    } catch (ConditionTimeoutException e) {
      return false;
    }
    if (!process.isAlive()) {
      reader.join(STOP.toMillis()); // the reader ends at the end of the output: the last lines are in
    }
    return output.indexOf(text) >= 0;
  }

  /** The first line printed that starts with {@code prefix}, waiting for it; empty if it never comes. */
  public Optional<String> awaitLine(String prefix, Duration timeout) throws InterruptedException {
    awaitOutput(prefix, timeout);
    return lines().stream().filter(line -> line.startsWith(prefix)).findFirst();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * SIGTERM, as a supervisor stops the service: the exit code, or -1 if it still runs after
   * {@code timeout}.
   */
  public int terminate(Duration timeout) throws InterruptedException {
    process.toHandle().destroy(); // Process.destroy() would also close the output before it is read
    return awaitExit(timeout) < 0 ? -1 : awaitExitAndOutput();
  }

  /** The exit code of an exited process, once the reader has drained its last lines. */
  private int awaitExitAndOutput() throws InterruptedException {
    reader.join(5000);
    return process.exitValue();
  }

  /** {@code kill -9}: the process gets no chance to clean up after itself. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Everything printed so far, one entry per line. */
  public List<String> lines() {
    return output.toString().lines().toList();
  }

  public String output() {
    return output.toString();
  }

  /**
   * SIGTERM, so the service stops its embedded database itself; if it has not exited in 20 s,
   * SIGKILL for it and SIGTERM for what it started, so a test that failed leaves nothing running.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
      List<ProcessHandle> started = process.descendants().toList(); // once it is gone, they are not its
      process.destroyForcibly();
      process.waitFor();
      started.forEach(ProcessHandle::destroy);
    }
  }

  private void copy(InputStream in) {
    char[] buffer = new char[8192];
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      for (int n; (n = reader.read(buffer)) > 0; ) {
        output.append(buffer, 0, n);
      }
    } catch (IOException e) {
      output.append("[output ended: ").append(e).append("]\n");
    }
  }
}
