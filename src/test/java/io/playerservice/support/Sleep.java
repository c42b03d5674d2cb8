package io.playerservice.support;

/** Pauses a fault script's thread (never an event loop) between its steps. */
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
