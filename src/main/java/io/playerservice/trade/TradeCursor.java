package io.playerservice.trade;

import io.playerservice.error.ApiError;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a ledger page ends: the last trade's time and id. Pages are ordered by (time, id), newest
 * first, so two trades in the same microsecond still have a fixed order and no trade is skipped
 * or repeated from one page to the next. Clients see it as an opaque string.
 */
public record TradeCursor(Instant at, UUID id) implements Comparable<TradeCursor> {
  private static final int BYTES = 8 + 16;
  private static final String INVALID = "'after' must be the 'next' value of a previous page";
  /** DATETIME's last second, in microseconds since the epoch. */
  private static final long MAX_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L;

  /** The cursor of {@code trade}: a read after it continues with the next trade in the ledger's order. */
  public static TradeCursor after(TradeRecord trade) {
    return new TradeCursor(trade.at(), trade.id());
  }

  /** The ledger's order, oldest first: by time, then by id as the database compares 16 bytes (unsigned). */
  @Override
  public int compareTo(TradeCursor other) {
    int byTime = at.compareTo(other.at);
    if (byTime != 0) {
      return byTime;
    }
    int high = Long.compareUnsigned(id.getMostSignificantBits(), other.id.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(id.getLeastSignificantBits(), other.id.getLeastSignificantBits());
  }

  /** 24 bytes (microseconds since the epoch, then the id) in URL-safe base64: 32 characters. */
  public String encode() {
    long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
    byte[] bytes = ByteBuffer.allocate(BYTES).putLong(micros)
        .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The cursor a previous page gave; anything else is a 400. */
  public static TradeCursor decode(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(INVALID);
    }
    if (bytes.length != BYTES) {
      throw ApiError.invalid(INVALID);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long micros = buffer.getLong();
    if (micros < 0 || micros > MAX_MICROS) {
      throw ApiError.invalid(INVALID);
    }
    return new TradeCursor(Instant.ofEpochSecond(micros / 1_000_000L, micros % 1_000_000L * 1000),
        new UUID(buffer.getLong(), buffer.getLong()));
  }
}
