package io.playerservice.db;

import io.playerservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.SslMode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which TLS settings each kind of database host gets; DatabaseTlsTest shows them at work. */
class ConnectOptionsTest {
  private static MySQLConnectOptions optionsFor(String host, String caPath) {
    return Database.connectOptions(ServiceConfig.fromJson(
        new JsonObject().put("TIDB_HOST", host).put("CA_PATH", caPath)));
  }

  @Test
  void aPlainHostWithoutCaUsesNoTls() {
    MySQLConnectOptions options = optionsFor("db.internal", "");
    assertEquals(SslMode.DISABLED, options.getSslMode());
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject().put("TIDB_HOST", "db.internal"));
    assertFalse(config.tls());
    // Flyway's JDBC connection too: the driver would otherwise try verify-full.
    assertEquals("disable", Jdbc.properties(config).get("sslMode"));
  }

  @Test
  void tidbCloudHostsRequireVerifiedTlsAgainstTheSystemTrustStore() {
    for (String host : Set.of("gateway01.us-west-2.prod.aws.tidbcloud.com", "GATEWAY01.EU.TIDBCLOUD.COM")) {
      MySQLConnectOptions options = optionsFor(host, "");
      assertEquals(SslMode.VERIFY_IDENTITY, options.getSslMode(), host);
      assertEquals("HTTPS", options.getSslOptions().getHostnameVerificationAlgorithm());
      assertNull(options.getSslOptions().getTrustOptions(), "null trust options mean the JVM's");
      assertEquals(Set.of("TLSv1.2", "TLSv1.3"),
          options.getSslOptions().getEnabledSecureTransportProtocols());
    }
  }

  @Test
  void aLookAlikeDomainIsNotTidbCloud() {
    assertEquals(SslMode.DISABLED, optionsFor("tidbcloud.com.example.org", "").getSslMode());
    assertEquals(SslMode.DISABLED, optionsFor("nottidbcloud.com", "").getSslMode());
  }

  @Test
  void theHandshakesLastAckIsNotDelayed() {
    // On native epoll, false would hold every new connection 200 ms (src/bench/connect.sh).
    assertTrue(Database.netOptions(ServiceConfig.fromJson(new JsonObject())).isTcpQuickAck());
  }

  @Test
  void aCaPathTrustsThatPemOnly() {
    MySQLConnectOptions options = optionsFor("127.0.0.1", "pom.xml"); // any readable file
    assertEquals(SslMode.VERIFY_IDENTITY, options.getSslMode());
    var trust = assertInstanceOf(PemTrustOptions.class, options.getSslOptions().getTrustOptions());
    assertEquals(1, trust.getCertPaths().size());
    assertTrue(trust.getCertPaths().get(0).endsWith("pom.xml"));
  }
}
