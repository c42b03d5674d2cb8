package io.playerservice.loadtest;

import io.playerservice.idempotency.StoredAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;

/**
 * The requests the load loops send, built once: header names and values pre-encoded, and a trade's
 * body made by writing the two players' numbers into a copy of a template, with no JSON encoder
 * and no string formatting per request.
 */
final class LoadRequests {
  /** The terms of every generated trade, sqlbench's too: 1 good for 10 coins. */
  static final int AMOUNT = 1;
  static final int PRICE = 10;

  static final RequestOptions TRADE = new RequestOptions().setMethod(HttpMethod.POST).setURI("/trades");
  static final RequestOptions BULK = new RequestOptions().setMethod(HttpMethod.POST).setURI("/players/bulk");
  static final String COUNT = "/players/count";
  static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  static final CharSequence IDEMPOTENCY_KEY = HttpHeaders.createOptimized("Idempotency-Key");
  static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
  static final CharSequence IDEMPOTENT_REPLAYED = HttpHeaders.createOptimized(StoredAnswer.REPLAYED_HEADER);

  /** Player 0's id: its number is all zero padding, which the players' numbers are written over. */
  private static final String ZERO = LoadPlayers.id(0);
  private static final byte[] TRADE_TEMPLATE = ("{\"sellId\":\"" + ZERO + "\",\"buyId\":\"" + ZERO
      + "\",\"amount\":" + AMOUNT + ",\"price\":" + PRICE + "}").getBytes(StandardCharsets.US_ASCII);
  /** Where each id's digits end in the template. */
  private static final int SELLER_END = ("{\"sellId\":\"" + ZERO).length();
  private static final int BUYER_END = ("{\"sellId\":\"" + ZERO + "\",\"buyId\":\"" + ZERO).length();
  private static final char[] READ_TEMPLATE = ("/players/" + ZERO).toCharArray();

  private LoadRequests() {
  }

  /** The body of a trade, equal to the JSON encoding of {sellId, buyId, amount, price}. */
  static Buffer trade(int seller, int buyer) {
    Buffer body = Buffer.buffer(TRADE_TEMPLATE.length).appendBytes(TRADE_TEMPLATE);
    writeDigits(body, SELLER_END, seller);
    writeDigits(body, BUYER_END, buyer);
    return body;
  }

  /** The URI of {@code GET /players/{id}} for player {@code index}. */
  static String read(int index) {
    char[] uri = READ_TEMPLATE.clone();
    for (int i = uri.length - 1, n = index; n > 0; i--, n /= 10) {
      uri[i] = (char) ('0' + n % 10);
    }
    return new String(uri);
  }

  /** A page of the player list after player {@code index}, of the API's default size, as a client pages. */
  static String list(int index) {
    return "/players?after=" + LoadPlayers.id(index);
  }

  /** The newest page of player {@code index}'s trades, of the API's default size. */
  static String ledger(int index) {
    return "/trades?player=" + LoadPlayers.id(index);
  }

  private static void writeDigits(Buffer body, int end, int number) {
    for (int i = end - 1, n = number; n > 0; i--, n /= 10) {
      body.setByte(i, (byte) ('0' + n % 10));
    }
  }
}
