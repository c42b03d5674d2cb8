package io.playerservice.support;

/**
 * A deliberate pause of a test's or a fault script's thread (never an event loop): how long a
 * fault lasts, a time-to-live running out. Never a wait for something to happen: that is an
 * Awaitility {@code await().until(...)}, which ends as soon as it holds and names what failed.
 */
public final class Sleep {
  private Sleep() {
  }

  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
