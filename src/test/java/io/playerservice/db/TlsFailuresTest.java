package io.playerservice.db;

import io.playerservice.config.ServiceConfig;
import io.playerservice.error.Failures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Only setup mistakes stop the start; DatabaseTlsTest shows those against a real server. A
 * handshake cut short (a database restarting) must instead leave the service up and retrying.
 */
class TlsFailuresTest {
  private final ServiceConfig config = ServiceConfig.fromJson(new JsonObject().put("TIDB_HOST", "db.example"));

  @Test
  void aHandshakeCutShortIsNotASetupMistake() {
    SSLException reset = new SSLHandshakeException("Remote host terminated the handshake");
    assertEquals(Optional.empty(), TlsFailures.explain(reset, config));
    assertEquals(503, Failures.classify(reset).status());
  }

  @Test
  void anythingElseIsNotATlsFailure() {
    assertEquals(Optional.empty(), TlsFailures.explain(new IllegalStateException("boom"), config));
  }
}
