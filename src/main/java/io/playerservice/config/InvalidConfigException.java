package io.playerservice.config;

/** A setting the service cannot start with; the message is the one-line reason shown to the user. */
public final class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message, null, false, false);
  }
}
