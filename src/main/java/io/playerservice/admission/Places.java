package io.playerservice.admission;

/**
 * The places of one instance, one per pool connection, and who holds them: ordinary requests and
 * listings. Listings may hold at most their share while ordinary requests are at work, and any free
 * place while none is; counts hold none. On its event loop only, as {@link Bulkhead} is.
 */
final class Places {
  private final int limit;
  private final int listingLimit;
  private int working;
  private int ordinaryWorking;
  private int listingsWorking;

  /** {@code limit} places, of which listings hold at most {@code listingLimit} while ordinary requests work. */
  Places(int limit, int listingLimit) {
    this.limit = limit;
    this.listingLimit = listingLimit;
  }

  /** Whether a request of the class finds a place now (a count needs none). */
  boolean free(RequestClass requestClass) {
    return switch (requestClass) {
      case ORDINARY -> working < limit;
      // Work-conserving: the share binds only while there is ordinary work to keep places for.
      case LISTING -> working < limit && (listingsWorking < listingLimit || ordinaryWorking == 0);
      case COUNT -> true;
    };
  }

  void take(RequestClass requestClass) {
    switch (requestClass) {
      case ORDINARY -> {
        working++;
        ordinaryWorking++;
      }
      case LISTING -> {
        working++;
        listingsWorking++;
      }
      case COUNT -> { // holds no place
      }
    }
  }

  /** Gives a place back; false for a count, which held none. */
  boolean release(RequestClass requestClass) {
    switch (requestClass) {
      case ORDINARY -> {
        working--;
        ordinaryWorking--;
      }
      case LISTING -> {
        working--;
        listingsWorking--;
      }
      case COUNT -> {
        return false;
      }
    }
    return true;
  }
}
