package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * Answers by status in each second of a run, every send counted (a trade's 503 before its retry
 * too), so the report shows when the service shed or timed out. One event loop writes it; it is
 * read once the loop is done.
 */
final class StatusTimeline {
  /** The statuses a load test needs told apart; the rest are grouped by class. */
  static final List<String> COLUMNS =
      List.of("200", "201", "409", "other 4xx", "503", "504", "other 5xx", "transport error");

  private final long startNanos;
  private long[][] seconds = new long[64][];

  StatusTimeline(long startNanos) {
    this.startNanos = startNanos;
  }

  /** {@code status} 0: a transport error; counted in the second of {@code nowNanos}. */
  void count(long nowNanos, int status) {
    int second = (int) Math.max(0, (nowNanos - startNanos) / 1_000_000_000L);
    if (second >= seconds.length) {
      seconds = Arrays.copyOf(seconds, Math.max(second + 1, seconds.length * 2));
    }
    if (seconds[second] == null) {
      seconds[second] = new long[COLUMNS.size()];
    }
    seconds[second][column(status)]++;
  }

  private static int column(int status) {
    return switch (status) {
      case 200 -> 0;
      case 201 -> 1;
      case 409 -> 2;
      case 503 -> 4;
      case 504 -> 5;
      case 0 -> 7;
      default -> status >= 500 ? 6 : 3;
    };
  }

  /**
   * The timelines added up, as {@code {"columns": [...], "rows": [[t, n, ...], ...]}}: t the end
   * of each second of the run, and only the columns that counted something.
   */
  static JsonObject merge(List<StatusTimeline> timelines) {
    int length = 0;
    for (StatusTimeline timeline : timelines) {
      for (int s = 0; s < timeline.seconds.length; s++) {
        length = timeline.seconds[s] != null ? Math.max(length, s + 1) : length;
      }
    }
    long[][] sum = new long[length][COLUMNS.size()];
    boolean[] used = new boolean[COLUMNS.size()];
    for (StatusTimeline timeline : timelines) {
      for (int s = 0; s < Math.min(length, timeline.seconds.length); s++) {
        for (int c = 0; timeline.seconds[s] != null && c < COLUMNS.size(); c++) {
          sum[s][c] += timeline.seconds[s][c];
          used[c] |= timeline.seconds[s][c] > 0;
        }
      }
    }
    JsonArray columns = new JsonArray();
    for (int c = 0; c < COLUMNS.size(); c++) {
      if (used[c]) {
        columns.add(COLUMNS.get(c));
      }
    }
    JsonArray rows = new JsonArray();
    for (int s = 0; s < length; s++) {
      JsonArray row = new JsonArray().add(s + 1);
      for (int c = 0; c < COLUMNS.size(); c++) {
        if (used[c]) {
          row.add(sum[s][c]);
        }
      }
      rows.add(row);
    }
    return new JsonObject().put("columns", columns).put("rows", rows);
  }
}
