package io.playerservice.bus;

/** The event-bus addresses, before the configured prefix ({@code BUS_ADDRESS_PREFIX}). */
public final class Addresses {
  public static final String PLAYERS_CREATE = "players.create";
  public static final String PLAYERS_GET = "players.get";
  public static final String PLAYERS_LIST = "players.list";
  public static final String PLAYERS_COUNT = "players.count";
  public static final String PLAYERS_BULK = "players.bulk";
  public static final String PLAYERS_UPDATE = "players.update";
  public static final String PLAYERS_DELETE = "players.delete";
  public static final String TRADES_EXECUTE = "trades.execute";
  public static final String TRADES_GET = "trades.get";
  public static final String TRADES_LIST = "trades.list";
  /**
   * Published by the node that committed a trade: the trade as {@code trades.get} answers it, with
   * headers {@code node} and {@code watermark} ({@link TradeAnnouncements}).
   */
  public static final String TRADES_COMMITTED = "trades.committed";
  /** Each node's watermark between commits: heartbeats, headers only ({@link TradeAnnouncements}). */
  public static final String TRADES_WATERMARK = "trades.watermark";

  private Addresses() {
  }
}
