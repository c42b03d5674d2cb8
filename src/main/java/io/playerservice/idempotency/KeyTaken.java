package io.playerservice.idempotency;

/**
 * The key's row exists already: another request with the same key committed first (or the key is
 * expired and not yet purged). The transaction that met it rolls back; the stored answer decides.
 */
final class KeyTaken extends RuntimeException {
  KeyTaken() {
    super("the Idempotency-Key has an answer already", null, false, false);
  }
}
