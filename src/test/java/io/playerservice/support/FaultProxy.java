package io.playerservice.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A TCP proxy between the service and its database, on Toxiproxy's model, with faults switched
 * while it runs: a partition, a reset of every connection, added latency, new connections that are
 * never answered, and half-open connections. It has a Vert.x of its own with one event loop, so
 * every connection and every switch runs on one thread; {@link #close} stops it all. Point the
 * service at {@code 127.0.0.1:}{@link #port()}.
 */
public final class FaultProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final Context loop = vertx.getOrCreateContext();
  private final String host;
  private final int port;
  // A closed socket resets (SO_LINGER 0) rather than ends, as Toxiproxy's reset_peer does.
  private final NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setSoLinger(0));
  private final NetClient client = vertx.createNetClient(new NetClientOptions().setSoLinger(0));
  private final Set<Link> links = new HashSet<>();
  private boolean partitioned;
  private boolean answerNew = true;
  private long latencyMs;

  private FaultProxy(String host, int port) {
    this.host = host;
    this.port = port;
    server.connectHandler(this::accept);
    get(() -> server.listen(0)).await(); // so connections are taken on the proxy's loop
  }

  /** A proxy to the database at {@code host:port}, listening on a free port of 127.0.0.1. */
  public static FaultProxy to(String host, int port) {
    return new FaultProxy(host, port);
  }

  /** The port the service should connect to. */
  public int port() {
    return server.actualPort();
  }

  /** Connections open through the proxy, answered or not: what the service holds at its end. */
  public int connections() {
    return get(links::size);
  }

  /** Stops every byte both ways, on open and new connections, and closes nothing. */
  public void partition() {
    run(() -> {
      partitioned = true;
      links.forEach(Link::pause);
    });
  }

  /** Resets every connection at both ends. */
  public void resetAll() {
    run(() -> Set.copyOf(links).forEach(Link::close));
  }

  /** Delays every byte by {@code millis} in each direction, order kept (0: none). */
  public void latency(long millis) {
    run(() -> latencyMs = millis);
  }

  /** Accepts new connections but forwards nothing, so their handshake never completes. */
  public void acceptButNeverAnswer() {
    run(() -> answerNew = false);
  }

  /**
   * The database is gone from under every open connection without a FIN: its side closes (its
   * sessions end, their transactions roll back), while the service's side stays open and hears
   * nothing again, ever. New connections are answered.
   */
  public void halfOpen() {
    run(() -> links.forEach(Link::blackHole));
  }

  /**
   * Ends the faults that last: a partition passes on what it held, new connections are answered
   * and latency is gone. Connections already reset, never answered or half-open stay so.
   */
  public void heal() {
    run(() -> {
      partitioned = false;
      answerNew = true;
      latencyMs = 0;
      links.forEach(Link::resume);
    });
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  private void accept(NetSocket service) {
    Link link = new Link(service);
    links.add(link);
    // A forwarded end comes after the bytes before it (see Link.forward); this is for the rest.
    service.closeHandler(v -> {
      if (link.database == null || link.blackHoled) {
        link.close();
      }
    });
    if (!answerNew) {
      service.handler(dropped -> { });
      return;
    }
    service.pause(); // until the database's side is open
    client.connect(port, host).onComplete(connected -> {
      if (connected.failed() || link.closed) {
        link.close();
        if (connected.succeeded()) {
          connected.result().close();
        }
        return;
      }
      link.database = connected.result();
      link.forward(service, link.database);
      link.forward(link.database, service);
      if (partitioned) {
        link.pause();
      } else {
        link.resume();
      }
    });
  }

  /** One connection of the service's, and the proxy's own to the database (null: not opened). */
  private final class Link {
    final NetSocket service;
    NetSocket database;
    boolean blackHoled;
    boolean closed;

    Link(NetSocket service) {
      this.service = service;
    }

    /**
     * Passes on what {@code from} sends, with the latency of the moment; its end closes both. A
     * paused socket holds its end behind its bytes, so a partition passes on neither until healed.
     */
    void forward(NetSocket from, NetSocket to) {
      Delay delay = new Delay();
      from.handler(bytes -> delay.add(() -> to.write(bytes)));
      from.endHandler(v -> delay.add(this::close));
    }

    void pause() {
      service.pause();
      if (database != null) {
        database.pause();
      }
    }

    void resume() {
      service.resume();
      if (database != null) {
        database.resume();
      }
    }

    void blackHole() {
      blackHoled = true;
      service.handler(dropped -> { }).resume();
      if (database != null) {
        database.close();
        database = null;
      }
    }

    void close() {
      closed = true;
      links.remove(this);
      service.close();
      if (database != null) {
        database.close();
      }
    }

    /**
     * One direction's steps, run in the order they arrived, each no sooner than the latency of
     * its arrival after it; none once the link is black-holed.
     */
    private final class Delay {
      private record Step(long dueNanos, Runnable action) {
      }

      private final ArrayDeque<Step> steps = new ArrayDeque<>();
      private boolean waiting;

      void add(Runnable action) {
        steps.add(new Step(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latencyMs), action));
        drain();
      }

      private void drain() {
        while (!waiting && !steps.isEmpty()) {
          long wait = steps.peek().dueNanos() - System.nanoTime();
          if (wait > 0) {
            waiting = true;
            vertx.timer(wait, TimeUnit.NANOSECONDS).onComplete(fired -> {
              waiting = false;
              drain();
            });
            return;
          }
          Runnable action = steps.poll().action();
          if (!blackHoled) {
            action.run();
          }
        }
      }
    }
  }

  /** Runs {@code step} on the proxy's loop and waits for it. */
  private void run(Runnable step) {
    get(() -> {
      step.run();
      return null;
    });
  }

  private <T> T get(Supplier<T> step) {
    return Future.<T>future(done -> loop.runOnContext(v -> done.complete(step.get()))).await();
  }
}
