package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound the run must keep ({@code --threshold 'p99<50ms'}), as k6's thresholds and Gatling's
 * assertions: a latency percentile or the max (ms, s or us), the share of failed requests
 * ({@code errors}, in %), or the rate ({@code rate}, per second). Latencies and rates are the
 * trades' unless a kind is named ({@code get.p99<10ms}); {@code errors} counts every request.
 *
 * @param text the threshold as given
 * @param kind the kind it is about; null: trades for latency and rate, all requests for errors
 * @param metric {@code pNN}, {@code max}, {@code errors} or {@code rate}
 * @param bound in {@code unit}
 */
record Threshold(String text, Kind kind, String metric, String operator, double bound, String unit) {
  static final String FORM = "expected [KIND.]METRIC OP VALUE: METRIC a latency (p50, p90, p99, p99.9, any pNN,"
      + " or max) with a unit ms, s or us, errors with %, or rate (per second); OP one of < <= > >=;"
      + " KIND one of " + Kind.labels() + " (e.g. 'p99<50ms', 'errors<0.1%', 'rate>1000', 'get.p99<10ms')";
  /** Without an {@code errors} threshold, any failed request fails the run, as it always has. */
  static final Threshold NO_ERRORS = new Threshold("errors<=0%", null, "errors", "<=", 0, "%");

  private static final Pattern SYNTAX = Pattern.compile(
      "(?:([a-z]+)\\.)?(p\\d{1,2}(?:\\.\\d+)?|p100|max|errors|rate)\\s*(<=|>=|<|>)\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|us|µs|%|/s)?");

  /** One {@code --threshold}; throws {@link IllegalArgumentException} naming it and the form expected. */
  static Threshold parse(String text) {
    Matcher m = SYNTAX.matcher(text.strip());
    String refused = "--threshold '" + text + "': ";
    if (!m.matches()) {
      throw new IllegalArgumentException(refused + FORM);
    }
    Kind kind = m.group(1) == null ? null : Kind.named(m.group(1));
    if (m.group(1) != null && kind == null) {
      throw new IllegalArgumentException(refused + "no kind '" + m.group(1) + "'; kinds are " + Kind.labels());
    }
    String metric = m.group(2);
    String unit = m.group(5) == null ? "" : m.group(5).replace("µs", "us");
    boolean latency = metric.startsWith("p") || metric.equals("max");
    if (latency && !unit.matches("ms|s|us")) {
      throw new IllegalArgumentException(refused + "a latency needs a unit, ms, s or us (e.g. " + metric + "<50ms)");
    }
    if (metric.equals("errors") && !unit.equals("%")) {
      throw new IllegalArgumentException(refused + "errors is a share of the requests, in % (e.g. errors<0.1%)");
    }
    if (metric.equals("rate") && !unit.matches("|/s")) {
      throw new IllegalArgumentException(refused + "rate is requests per second, a bare number (e.g. rate>1000)");
    }
    double percentile = metric.startsWith("p") ? Double.parseDouble(metric.substring(1)) : 0;
    if (metric.startsWith("p") && (percentile <= 0 || percentile > 100)) {
      throw new IllegalArgumentException(refused + "a percentile is above 0 and at most 100");
    }
    return new Threshold(text.strip(), kind, metric, m.group(3), Double.parseDouble(m.group(4)),
        unit.equals("/s") ? "" : unit);
  }

  /** The measured value in this threshold's unit. */
  double measure(LoadStats stats, double seconds) {
    switch (metric) {
      case "errors" -> {
        long requests = stats.requests(kind);
        return requests == 0 ? 0 : 100.0 * stats.errors(kind) / requests;
      }
      case "rate" -> {
        return stats.requests(kind == null ? Kind.TRADE : kind) / seconds;
      }
      default -> {
        Histogram latency = stats.latency(kind == null ? Kind.TRADE : kind);
        long micros = metric.equals("max") ? latency.getMaxValue()
            : latency.getValueAtPercentile(Double.parseDouble(metric.substring(1)));
        return micros / switch (unit) {
          case "s" -> 1e6;
          case "ms" -> 1e3;
          default -> 1.0;
        };
      }
    }
  }

  boolean holds(double value) {
    return switch (operator) {
      case "<" -> value < bound;
      case "<=" -> value <= bound;
      case ">" -> value > bound;
      default -> value >= bound;
    };
  }

  /** {@code {"threshold", "value", "unit", "ok"}} for the report. */
  JsonObject verdict(LoadStats stats, double seconds) {
    double value = measure(stats, seconds);
    return new JsonObject().put("threshold", text).put("value", Math.round(value * 1000) / 1000.0)
        .put("unit", unit.isEmpty() ? "/s" : unit).put("ok", holds(value)).put("implicit", this == NO_ERRORS);
  }

  /** The metric as the report names it: {@code p99}, {@code get.p99}, {@code errors}. */
  String name() {
    return kind == null ? metric : kind.label + "." + metric;
  }
}
