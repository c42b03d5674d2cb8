package io.playerservice.support;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A test class that drives one service deployment over HTTP, on an empty table for each test. */
public abstract class ApiTest {
  protected static ServiceUnderTest service;

  @BeforeAll
  static void startService() {
    service = ServiceUnderTest.start();
  }

  @AfterAll
  static void stopService() {
    service.close();
  }

  @BeforeEach
  void emptyTable() {
    service.reset();
  }

  protected static JsonObject player(String id, int coins, int goods) {
    return new JsonObject().put("id", id).put("coins", coins).put("goods", goods);
  }
}
