package io.playerservice.cli;

/**
 * Ends a command with an exit status: 1 when something failed at start, 2 for input the command
 * cannot use. The message (null when the reason was already logged) is printed on stderr.
 */
final class Failure extends RuntimeException {
  final int status;

  Failure(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
