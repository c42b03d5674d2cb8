package io.playerservice.admission;

/**
 * A waiter standing in for another ({@code to}) in one queue: a shed, the question whether anyone
 * still waits, and a skip pass on to {@code to}; what admission starts is its own.
 */
abstract class RelayWaiter implements Waiter {
  private final Waiter to;

  RelayWaiter(Waiter to) {
    this.to = to;
  }

  @Override
  public void shed() {
    to.shed();
  }

  @Override
  public boolean gone() {
    return to.gone();
  }

  @Override
  public void skipped() {
    to.skipped();
  }
}
