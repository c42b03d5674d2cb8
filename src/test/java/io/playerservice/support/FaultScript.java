package io.playerservice.support;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A fault's steps (stop, kill or freeze the database, pause, bring it back) run beside the test on
 * a thread of their own. {@link #close} waits for the last step and rethrows what a step threw, so
 * a test that fails while the fault runs still ends with the fault over: no server frozen,
 * stopped or restarted after the test has cleaned up. Open it in the try-with-resources that
 * the database's cleanup follows.
 */
public final class FaultScript implements AutoCloseable {
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private FaultScript(Runnable steps) {
    thread = new Thread(() -> {
      try {
        steps.run();
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "fault-script");
    thread.start();
  }

  /** Starts running {@code steps}. */
  public static FaultScript start(Runnable steps) {
    return new FaultScript(steps);
  }

  /** Waits until the last step has run; a step's failure fails the test. */
  @Override
  public void close() throws InterruptedException {
    thread.join();
    Throwable step = failure.getAndSet(null);
    if (step != null) {
      throw new AssertionError("a step of the fault failed", step);
    }
  }
}
