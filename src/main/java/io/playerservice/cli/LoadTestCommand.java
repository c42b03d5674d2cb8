package io.playerservice.cli;

import io.playerservice.loadtest.LoadFlags;
import io.playerservice.loadtest.LoadOptions;
import io.playerservice.loadtest.LoadGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Drives a running service; exits 1 when a threshold was crossed or the books do not balance. */
@Command(name = "loadtest", description = "Drive a running service over HTTP with concurrent trades (and, with"
    + " --mix, reads and bulk creates), then check that the books balance and every trade happened exactly once,"
    + " and judge the --threshold bounds (by default: no request may fail). Exits 1 when not.")
final class LoadTestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LoadFlags flags;

  @Override
  public Integer call() {
    LoadOptions options = options(spec, flags);
    // An event loop for each --threads, which the load loops are deployed on in turn.
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(Math.max(options.threads(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)));
    try {
      return new LoadGenerator(vertx, options, System.out).run();
    } catch (Throwable e) { // await() rethrows checked causes too, such as a refused connection
      throw new Failure(1, "loadtest failed: " + e.getMessage());
    }
  }

  /** The flags' options, or a usage error (exit 2) with the reason. */
  static LoadOptions options(CommandSpec spec, LoadFlags flags) {
    try {
      return flags.options();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
