package io.playerservice.feed;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A stream's response with its write queue counted here, from the writes' own futures: the bytes
 * handed to the response that the socket has not taken yet. Vert.x 5.0.10's
 * {@code writeQueueFull()} on an HTTP/1 response stayed false with megabytes queued (FeedTest's
 * slow subscriber), and its drain handler never came. On its stream's event loop only.
 */
final class StreamWriter {
  /** Full above Netty's default high-water mark, the bound {@code writeQueueFull()} would use. */
  private static final int FULL = 64 * 1024;
  /** Drained at Netty's default low-water mark, half of it. */
  private static final int DRAINED = FULL / 2;

  private final HttpServerResponse response;
  /** Bytes written that the socket has not taken yet. */
  private long queued;
  /** What runs once the queue has drained, while a catch-up waits for its client. */
  private Runnable onDrained;
  private boolean closed;

  StreamWriter(HttpServerResponse response) {
    this.response = response;
  }

  boolean full() {
    return queued > FULL;
  }

  void write(Buffer bytes) {
    int size = bytes.length();
    queued += size;
    response.write(bytes).onComplete(taken -> {
      queued -= size;
      if (onDrained != null && queued <= DRAINED && !closed) {
        Runnable next = onDrained;
        onDrained = null;
        next.run();
      }
    });
  }

  /** Runs {@code next} once the client has taken all but a low-water mark of what it was sent. */
  void whenDrained(Runnable next) {
    if (queued <= DRAINED) {
      next.run();
    } else {
      onDrained = next;
    }
  }

  /** Nothing waiting for the drain runs any more. */
  void closed() {
    closed = true;
    onDrained = null;
  }
}
