package io.playerservice.admission;

import java.util.Locale;

/** Which places a request needs at its instance's {@link Bulkhead}, and how it ranks for them: in declaration order. */
public enum RequestClass {
  /** A place of the instance, before any listing: trades, creates, updates, deletes, point reads. */
  ORDINARY,
  /**
   * The count: no place, since it is answered from memory or joins the one shared COUNT (which takes a
   * place as a listing); it waits only while ordinary requests wait, so a flood of counts takes no
   * turns of the event loop from a saturated instance's trades.
   */
  COUNT,
  /** An expensive read (a listing, the count's statement): a place within the listings' share, after ordinary ones. */
  LISTING;

  /** The tag of its sheds in {@code requests_shed_total}. */
  String lane() {
    return name().toLowerCase(Locale.ROOT);
  }
}
