package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The prebuilt requests are byte for byte what the JSON encoder and the id format would make. */
class LoadRequestsTest {

  @ParameterizedTest
  @CsvSource({"0, 1", "7, 42", "999999, 1000000", "9999999, 1234567"})
  void aTradeBodyIsTheJsonOfTheTrade(int seller, int buyer) {
    String expected = new JsonObject().put("sellId", LoadPlayers.id(seller)).put("buyId", LoadPlayers.id(buyer))
        .put("amount", LoadRequests.AMOUNT).put("price", LoadRequests.PRICE).encode();
    assertEquals(expected, LoadRequests.trade(seller, buyer).toString());
  }

  @ParameterizedTest
  @CsvSource({"0", "5", "1000000"})
  void aReadNamesThePlayer(int index) {
    assertEquals("/players/" + LoadPlayers.id(index), LoadRequests.read(index));
  }
}
