package io.playerservice.cli;

import java.io.PrintWriter;

/**
 * {@code java -jar player-service.jar [COMMAND] [OPTIONS]}: the commands are the other classes of
 * this package. This is the one place that ends the process with a status.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    System.exit(Cli.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }
}
