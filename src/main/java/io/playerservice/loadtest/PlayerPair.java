package io.playerservice.loadtest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Who trades with whom under load (loadtest, sqlbench and the tests' random trades): a seller
 * drawn from players {@code 0..n-1} and a buyer from the other {@code n-1}, so every ordered pair
 * of two different players is equally likely. The benchmarks' Lua scripts
 * ({@code src/bench/trade.sysbench.lua}, {@code src/bench/overload.lua}) cannot call Java and
 * copy this formula, naming this class.
 */
public record PlayerPair(int seller, int buyer) {

  /** A random pair among {@code players} (at least 2). */
  public static PlayerPair random(int players) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int seller = random.nextInt(players);
    return new PlayerPair(seller, (seller + 1 + random.nextInt(players - 1)) % players);
  }
}
