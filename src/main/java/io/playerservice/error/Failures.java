package io.playerservice.error;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.DatabaseException;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place that turns any failure into an {@link ApiError}, so HTTP and the event bus
 * answer a given fault the same way. Database error codes are mapped here and nowhere else.
 */
public final class Failures {
  /**
   * Errors after which the server has rolled back, or may safely roll back, the whole
   * transaction, so running it again is safe: 1213 deadlock and 1205 lock wait timeout (MySQL,
   * MariaDB, TiDB); TiDB's 9007 write conflict, 8002 write conflict on SELECT … FOR UPDATE, 8022
   * failed retry and 8028 schema changed.
   */
  public static final Set<Integer> RETRYABLE_CODES = Set.of(1213, 1205, 9007, 8002, 8022, 8028);
  /** MySQL ER_DUP_ENTRY: a primary key that already exists. */
  public static final int DUPLICATE_KEY = 1062;
  /** MySQL ER_NO_SUCH_TABLE. */
  static final int NO_SUCH_TABLE = 1146;
  /** MySQL ER_LOCK_WAIT_TIMEOUT: a row lock was not granted within innodb_lock_wait_timeout. */
  public static final int LOCK_WAIT_TIMEOUT = 1205;
  private Failures() {
  }

  /** Classifies a failure; anything unrecognised is an internal error. */
  public static ApiError classify(Throwable failure) {
    if (failure instanceof ApiError error) {
      return error;
    }
    if (failure instanceof ConnectionPoolTooBusyException) {
      // The pool's wait queue (DB_MAX_WAIT_QUEUE) is full: shed the request.
      return ApiError.unavailable("the service is at capacity; try again shortly");
    }
    if (failure instanceof DatabaseException db) {
      return fromDatabase(db);
    }
    // Unreachable first: a refused connection may come wrapped in a plain VertxException.
    if (ConnectionFaults.unreachable(failure)) {
      return ApiError.unavailable("the database is unavailable; try again shortly");
    }
    // Nothing reached the database, so nothing changed: a plain 503, never "outcome unknown".
    if (ConnectionFaults.poolWaitTimedOut(failure)) {
      return ApiError.unavailable("no database connection became free in time; nothing was changed; try again shortly");
    }
    if (ConnectionFaults.closedBeforeSend(failure)) {
      return ApiError.unavailable("the database connection closed before the request was sent; nothing was changed; "
          + "try again shortly");
    }
    if (ConnectionFaults.connectionLost(failure)) {
      // UnknownOutcome adds how to learn what happened.
      return new ApiError(ApiError.Kind.CONNECTION_LOST, "the database connection was lost during the request");
    }
    return new ApiError(ApiError.Kind.INTERNAL, "an unexpected error occurred");
  }

  private static ApiError fromDatabase(DatabaseException db) {
    if (db.getErrorCode() == LOCK_WAIT_TIMEOUT) {
      // innodb_lock_wait_timeout, set per session below the deadline (Database): the statement
      // was rolled back, and with it the request's transaction.
      return ApiError.unavailable("a row this request needs stayed locked by another transaction; "
          + "nothing was changed; try again shortly");
    }
    if (RETRYABLE_CODES.contains(db.getErrorCode())) {
      // Lock trouble left over after any retries: the client may simply try again.
      return ApiError.unavailable("the database is busy; try again shortly");
    }
    return switch (db.getErrorCode()) {
      case DUPLICATE_KEY -> ApiError.conflict("a player with this id already exists");
      // The server refuses connections (1040 too many connections) or is shutting down (1053).
      // Only server codes belong here: vertx-mysql-client makes a MySQLException solely from an
      // ERR packet the server sent, so libmysqlclient's own codes for a connection that failed
      // or broke (2002, 2003, 2006, 2013) never arrive; it reports those as ConnectException or
      // ClosedConnectionException (see ConnectionFaults).
      case 1040, 1053 ->
          ApiError.unavailable("the database is unavailable; try again shortly");
      // ER_NO_SUCH_TABLE: the schema is not in place yet, e.g. the database came back a moment
      // before the migrations ran, or DB_MIGRATE is off and `migrate` has not run.
      case NO_SUCH_TABLE -> ApiError.unavailable("the database's tables are not in place yet; nothing was changed; "
          + "try again shortly");
      default -> new ApiError(ApiError.Kind.INTERNAL, "an unexpected database error occurred");
    };
  }

  /** Whether {@code failure} or any of its causes passes {@code test}. */
  public static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }
}
