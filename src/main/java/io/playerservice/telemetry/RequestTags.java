package io.playerservice.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * What every log line written while serving one request names: its request id and, when the
 * request is traced, its trace and server span. Kept in the request's own Vert.x context (each
 * HTTP request runs on a duplicate of its event loop's context, which its database callbacks,
 * timers and failure handler run on too), not in a thread: an event loop interleaves many
 * requests, so a thread-local MDC set by one would be read by the next. {@link RequestMdc}
 * copies these into logback's MDC at each log call, from whichever context is current then.
 */
public record RequestTags(String requestId, String traceId, String spanId) {

  /**
   * Tags the request being served on the current context with {@code requestId}, and with the
   * trace and span of its server span when vertx-opentelemetry has started one.
   */
  public static RequestTags attach(String requestId) {
    SpanContext span = Span.current().getSpanContext(); // Span.getInvalid() when nothing traces
    RequestTags tags = span.isValid()
        ? new RequestTags(requestId, span.getTraceId(), span.getSpanId())
        : new RequestTags(requestId, null, null);
    Context context = Vertx.currentContext();
    if (context != null) {
      context.putLocal(Storage.LOCAL, tags);
    }
    return tags;
  }

  /** The tags of the request the current thread is working for, or null outside any request. */
  static RequestTags current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(Storage.LOCAL);
  }

  /**
   * Registers the context-local slot. Vert.x sizes each context's locals when a Vert.x instance is
   * built, so the slot must exist before the first one: Vert.x loads this class as a service
   * provider (META-INF/services) at the start of every build, which runs the registration first.
   */
  public static final class Storage implements VertxServiceProvider {
    static final ContextLocal<RequestTags> LOCAL = ContextLocal.registerLocal(RequestTags.class);

    @Override
    public void init(VertxBootstrap builder) {
      // Nothing to configure: loading the class registered the slot.
    }
  }
}
