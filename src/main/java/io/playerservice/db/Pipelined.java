package io.playerservice.db;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * {@code pool.withTransaction} for work that sends several
 * statements at once ({@link Database#PIPELINING_LIMIT}), whose future completes even when the
 * connection closes under them. vertx-mysql-client 5.0.10 then completes only the first of the
 * unanswered statements ({@code PipelinedCloseTest}), so a {@code Future.join} over the others never
 * completes, and neither does the transaction waiting on it: it never sends its ROLLBACK. Here the
 * connection's close fails the returned future instead, as the client fails a statement it had
 * written: {@link ClosedConnectionException}, a lost connection whose outcome is unknown. (With
 * several statements unanswered no COMMIT can have been sent, since the transaction sends it only
 * once every statement has answered; but a close with a lone COMMIT unanswered comes here too.) By
 * then the pool has dropped the connection, so the abandoned transaction holds nothing.
 */
public final class Pipelined {
  private Pipelined() {
  }

  /** {@code work} in a transaction, as {@code pool.withTransaction}. */
  public static <T> Future<T> withTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    Promise<T> answer = Promise.promise();
    pool.withTransaction(conn -> watched(conn, answer, work)).onComplete(ar -> settle(answer, ar));
    return answer.future();
  }

  /**
   * The first of the work's end and the connection's close completes {@code answer}; a close after
   * the work has ended (the pool retiring the connection later) finds it completed.
   */
  private static <T> Future<T> watched(SqlConnection conn, Promise<T> answer, Function<SqlConnection, Future<T>> work) {
    conn.closeHandler(closed -> answer.tryFail(ClosedConnectionException.INSTANCE));
    return work.apply(conn);
  }

  private static <T> void settle(Promise<T> answer, AsyncResult<T> ended) {
    if (ended.succeeded()) {
      answer.tryComplete(ended.result());
    } else {
      answer.tryFail(ended.cause());
    }
  }
}
