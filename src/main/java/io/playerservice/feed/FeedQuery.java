package io.playerservice.feed;

import io.playerservice.error.ApiError;
import io.playerservice.trade.TradeCursor;
import io.playerservice.validation.Fields;

import java.util.List;

/**
 * What a subscriber asks for: one player's trades (as seller or buyer) or all ({@code player}
 * null), from after a cursor, or from now ({@code after} null).
 */
public record FeedQuery(String player, TradeCursor after) {
  private static final String CURSOR = "must be the id of an event of this stream, or the 'next' of a GET /trades page";

  /**
   * {@code ?player=ID&after=CURSOR}, each at most once, and the {@code Last-Event-ID} header a
   * reconnecting EventSource sends, which wins over {@code after} (empty: none).
   */
  public static FeedQuery fromRequest(List<String> players, List<String> afters, String lastEventId) {
    if (players.size() > 1 || afters.size() > 1) {
      throw ApiError.invalid("'player' and 'after' may each be given once");
    }
    String player = players.isEmpty() ? null : Fields.id(players.get(0), "player");
    if (lastEventId != null && !lastEventId.isEmpty()) {
      return new FeedQuery(player, cursor(lastEventId.trim(), "Last-Event-ID"));
    }
    return new FeedQuery(player, afters.isEmpty() ? null : cursor(afters.get(0), "'after'"));
  }

  private static TradeCursor cursor(String text, String name) {
    try {
      return TradeCursor.decode(text);
    } catch (ApiError e) {
      throw ApiError.invalid(name + " " + CURSOR);
    }
  }
}
