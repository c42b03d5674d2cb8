package io.playerservice.error;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What became of a request whose database connection failed, told from the exception the client
 * raised: whether the statement can have reached the database decides between a plain 503
 * (nothing changed) and an unknown outcome.
 */
final class ConnectionFaults {
  /** The prefix of Netty's annotated connect exceptions (private classes, so matched by name). */
  private static final String NETTY_CONNECT_FAILURE = "io.netty.channel.AbstractChannel$Annotated";
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

  private ConnectionFaults() {
  }

  /** The database could not be reached: the request never ran, so nothing changed. */
  static boolean unreachable(Throwable failure) {
    return Failures.anyCause(failure, t -> t instanceof ConnectException
        // Netty's connect-phase failures other than a refusal, e.g. a reset while connecting to
        // a database that is being killed: the connection never existed.
        || t instanceof SocketException && t.getClass().getName().startsWith(NETTY_CONNECT_FAILURE)
        || t instanceof TimeoutException
        // A handshake that fails after start (a certificate rotated badly): not the client's fault.
        || t instanceof SSLException);
  }

  /** The wait for a free pooled connection outlasted PoolOptions.setConnectionTimeout. */
  static boolean poolWaitTimedOut(Throwable failure) {
    return Failures.anyCause(failure, t -> t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage())
        || t.getClass() == VertxException.class && POOL_WAIT_TIMEOUT.equals(t.getMessage()));
  }

  /**
   * The connection had closed before the command was written. Nothing changed even inside a
   * transaction, whose COMMIT was then never sent either; and every use case is one statement or
   * one transaction, so this holds for the whole request.
   */
  static boolean closedBeforeSend(Throwable failure) {
    return Failures.anyCause(failure, t -> t.getClass() == VertxException.class && t.getMessage() != null
        && CLOSED_BEFORE_SEND.stream().anyMatch(t.getMessage()::startsWith));
  }

  /**
   * The connection broke with commands in flight: the server may have committed before it went
   * away (a COMMIT whose reply was lost), so the outcome is unknown.
   */
  static boolean connectionLost(Throwable failure) {
    return Failures.anyCause(failure, t -> t instanceof ClosedConnectionException
        // Any other plain VertxException from the SQL client on a dropped connection: kept as
        // unknown, since only the messages above are known to mean "never sent". Subclasses
        // mean other things.
        || t.getClass() == VertxException.class);
  }
}
