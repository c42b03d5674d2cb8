package io.playerservice.auth;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The public keys bearer tokens are verified with, one set shared by every verticle instance: the
 * PEM key of {@code AUTH_JWT_PUBLIC_KEY}, or the provider's JWKS. A JWKS is fetched again every
 * {@code AUTH_JWKS_REFRESH_SECONDS} and when a token names a key it lacks; a fetch that fails
 * keeps the last good keys. Fetches and their bookkeeping run on the context that loaded the
 * keys; the instances, on their own event loops, only read {@link #current()}.
 */
final class SigningKeys {
  /**
   * The least time between two fetches for tokens that name unknown keys: tokens with made-up
   * ids cost the provider one request per interval at most, and a real rotation waits no longer.
   */
  static final long UNKNOWN_KEY_INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  /**
   * One version of the keys: what a JWTAuth is built from, and the JWKS's keys it holds (null
   * for a PEM key, which verifies whatever key id a token names).
   */
  record KeySet(JWTAuthOptions options, List<JsonObject> jwks) {
    /** Whether a token signed by key {@code kid} can be verified without fetching again. */
    boolean holds(String kid) {
      return jwks == null
          || jwks.stream().anyMatch(key -> key.getValue("kid") == null || kid.equals(key.getValue("kid")));
    }
  }

  private final Context home;
  private final Jwks provider;
  private final long timer;
  private volatile KeySet current;
  // Read and written on home only.
  private Future<Void> fetching;
  private long lastUnknownKeyFetch = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(UNKNOWN_KEY_INTERVAL_MS);
  private boolean failing;

  private SigningKeys(Vertx vertx, Jwks provider, KeySet keys, long refreshMs) {
    this.home = vertx.getOrCreateContext();
    this.provider = provider;
    this.current = keys;
    this.timer = provider == null ? -1 : vertx.setPeriodic(refreshMs, refreshMs, id -> fetch());
  }

  /** Loads the keys on the caller's context; fails with a one-line reason when there are no usable ones. */
  static Future<SigningKeys> load(Vertx vertx, ServiceConfig config) {
    if (!config.authJwtPublicKey().isEmpty()) {
      return vertx.fileSystem().readFile(config.authJwtPublicKey())
          .map(pem -> new SigningKeys(vertx, null,
              new KeySet(new JWTAuthOptions().addPubSecKey(PemKey.options(pem.toString())), null), 0))
          .recover(e -> Future.failedFuture(new IllegalStateException(
              "AUTH_JWT_PUBLIC_KEY (" + config.authJwtPublicKey() + "): " + e.getMessage(), e)));
    }
    Jwks provider = new Jwks(WebClient.create(vertx), config.authJwksUrl());
    return provider.fetch()
        .map(keys -> new SigningKeys(vertx, provider, keySet(keys),
            TimeUnit.SECONDS.toMillis(config.authJwksRefreshSeconds())))
        .onFailure(e -> provider.close())
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "AUTH_JWKS_URL (" + config.authJwksUrl() + "): " + e.getMessage(), e)));
  }

  /** The keys as last fetched; read on any event loop. */
  KeySet current() {
    return current;
  }

  /**
   * Completes, on no particular thread and never failed, once the keys are as new as they get
   * for a token naming a key they lack: after a fetch, or at once when one for an unknown key was
   * made less than {@link #UNKNOWN_KEY_INTERVAL_MS} ago. A fetch under way is joined.
   */
  Future<Void> fetchForUnknownKey() {
    if (provider == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    home.runOnContext(v -> {
      long now = System.nanoTime();
      if (fetching == null && now - lastUnknownKeyFetch < TimeUnit.MILLISECONDS.toNanos(UNKNOWN_KEY_INTERVAL_MS)) {
        done.complete();
        return;
      }
      if (fetching == null) {
        lastUnknownKeyFetch = now;
      }
      fetch().onComplete(fetched -> done.complete());
    });
    return done.future();
  }

  /** On home: one fetch at a time; a failure keeps the keys and is logged once per failing streak. */
  private Future<Void> fetch() {
    if (fetching != null) {
      return fetching;
    }
    Promise<Void> done = Promise.promise();
    fetching = done.future();
    provider.fetch().onComplete(fetched -> {
      fetching = null;
      if (fetched.succeeded()) {
        adopt(fetched.result());
      } else if (!failing) {
        failing = true;
        LOG.warn("the JWKS at {} could not be fetched ({}); the keys fetched before stay in use until it can",
            provider.url(), fetched.cause().getMessage());
      }
      done.complete();
    });
    return done.future();
  }

  private void adopt(List<JsonObject> keys) {
    if (failing) {
      failing = false;
      LOG.info("the JWKS at {} answers again", provider.url());
    }
    if (!keys.equals(current.jwks())) {
      current = keySet(keys);
      LOG.info("the JWKS at {} changed; its keys are now {}", provider.url(),
          keys.stream().map(key -> key.getValue("kid")).map(Objects::toString).toList());
    }
  }

  private static KeySet keySet(List<JsonObject> keys) {
    return new KeySet(new JWTAuthOptions().setJwks(keys), keys);
  }

  /** Stops the background fetches. */
  void close() {
    if (provider != null) {
      home.owner().cancelTimer(timer);
      provider.close();
    }
  }
}
