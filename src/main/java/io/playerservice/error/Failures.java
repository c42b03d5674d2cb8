package io.playerservice.error;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

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
  /** The prefix of Netty's annotated connect exceptions (private classes, so matched by name). */
  private static final String NETTY_CONNECT_FAILURE = "io.netty.channel.AbstractChannel$Annotated";
  /** MySQL ER_DUP_ENTRY: a primary key that already exists. */
  public static final int DUPLICATE_KEY = 1062;
  /** MySQL ER_NO_SUCH_TABLE. */
  static final int NO_SUCH_TABLE = 1146;
  /** MySQL ER_LOCK_WAIT_TIMEOUT: a row lock was not granted within innodb_lock_wait_timeout. */
  public static final int LOCK_WAIT_TIMEOUT = 1205;
  /**
   * How vertx-sql-client 5.0.10 fails a command that never left the service: a plain
   * VertxException, told apart only by its message. {@code pool.query()} gives up waiting for a
   * free connection with the first ({@code getConnection()}, and so {@code withTransaction}, with
   * a bare "Timeout"); a command queued on a connection that had already closed fails with one of
   * the other two. (A command already written fails with ClosedConnectionException instead.)
   */
  private static final String POOL_WAIT_TIMEOUT = "Timeout waiting for connection";
  private static final List<String> CLOSED_BEFORE_SEND = List.of(
      "Connection is not active now", "Pending requests failed to be sent");

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
    if (isUnreachable(failure)) {
      return ApiError.unavailable("the database is unavailable; try again shortly");
    }
    // Nothing reached the database, so nothing changed: a plain 503, never "outcome unknown".
    if (poolWaitTimedOut(failure)) {
      return ApiError.unavailable("no database connection became free in time; nothing was changed; try again shortly");
    }
    if (closedBeforeSend(failure)) {
      return ApiError.unavailable("the database connection closed before the request was sent; nothing was changed; "
          + "try again shortly");
    }
    if (isConnectionLost(failure)) {
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
      // ClosedConnectionException (isUnreachable, isConnectionLost).
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

  /** The database could not be reached: the request never ran, so nothing changed. */
  private static boolean isUnreachable(Throwable failure) {
    return anyCause(failure, t -> t instanceof ConnectException
        // Netty's connect-phase failures other than a refusal, e.g. a reset while connecting to
        // a database that is being killed (ExactlyOnceTest): the connection never existed.
        || t instanceof SocketException && t.getClass().getName().startsWith(NETTY_CONNECT_FAILURE)
        || t instanceof TimeoutException
        // A handshake that fails after start (a certificate rotated badly): not the client's fault.
        || t instanceof SSLException);
  }

  /** The wait for a free pooled connection outlasted PoolOptions.setConnectionTimeout. */
  private static boolean poolWaitTimedOut(Throwable failure) {
    return anyCause(failure, t -> t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage())
        || t.getClass() == VertxException.class && POOL_WAIT_TIMEOUT.equals(t.getMessage()));
  }

  /**
   * The connection had closed before the command was written. Nothing changed even inside a
   * transaction, whose COMMIT was then never sent either; and every use case is one statement or
   * one transaction, so this holds for the whole request.
   */
  private static boolean closedBeforeSend(Throwable failure) {
    return anyCause(failure, t -> t.getClass() == VertxException.class && t.getMessage() != null
        && CLOSED_BEFORE_SEND.stream().anyMatch(t.getMessage()::startsWith));
  }

  /**
   * The connection broke with commands in flight: the server may have committed before it went
   * away (a COMMIT whose reply was lost), so the outcome is unknown.
   */
  private static boolean isConnectionLost(Throwable failure) {
    return anyCause(failure, t -> t instanceof ClosedConnectionException
        // Any other plain VertxException from the SQL client on a dropped connection: kept as
        // unknown, since only the messages above are known to mean "never sent". Subclasses
        // mean other things.
        || t.getClass() == VertxException.class);
  }
}
