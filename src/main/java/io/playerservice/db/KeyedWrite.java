package io.playerservice.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * What the layer above a use case adds to the use case's own transaction: the answer stored under
 * the request's Idempotency-Key, so that it commits with the effect or not at all. Declared here,
 * below the use cases, so that they depend on nothing above them.
 *
 * @param <T> the use case's result, from which the stored answer is made
 */
public interface KeyedWrite<T> {
  /** The request's Idempotency-Key as sent; null when it has none, and nothing is written. */
  String key();

  /** Writes through {@code conn}, the use case's transaction; a failure rolls it back. */
  Future<Void> save(SqlClient conn, T result);

  /** For a request without a key: writes nothing and costs nothing. */
  @SuppressWarnings("unchecked")
  static <T> KeyedWrite<T> none() {
    return (KeyedWrite<T>) None.NONE;
  }

  /** The one {@link #none()}. */
  enum None implements KeyedWrite<Object> {
    NONE;

    @Override
    public String key() {
      return null;
    }

    @Override
    public Future<Void> save(SqlClient conn, Object result) {
      return Future.succeededFuture();
    }
  }
}
