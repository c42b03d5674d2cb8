package io.playerservice;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Migrations;
import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.Certificates;
import io.playerservice.support.Certificates.Authority;
import io.playerservice.support.Certificates.ServerFiles;
import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS to the database, against a MariaDB of this test's own that accepts only TLS
 * ({@code require_secure_transport}) and presents a certificate from a CA the test makes.
 */
class DatabaseTlsTest {
  /** A TiDB Cloud-like name the server's certificate also carries, mapped to 127.0.0.1 below. */
  private static final String CLOUD_HOST = "gateway01.player-test.tidbcloud.com";

  @TempDir
  static Path dir;
  private static Authority ca;
  private static Authority stranger;
  private static EmbeddedMariaDb server;
  private static ServiceConfig plain;

  @BeforeAll
  static void startTlsServer() {
    ca = Certificates.authority(dir, "player-test-ca");
    stranger = Certificates.authority(dir, "stranger-ca");
    ServerFiles files = ca.issue(dir, "localhost", CLOUD_HOST);
    server = EmbeddedMariaDb.start("test", List.of(
        "--ssl-cert=" + files.certificate(), "--ssl-key=" + files.key(),
        "--require-secure-transport=ON"));
    plain = server.applyTo(ServiceConfig.fromJson(new JsonObject().put("VERTICLE_INSTANCES", 1)));
  }

  @AfterAll
  static void stopTlsServer() {
    server.stop();
  }

  /** The server's settings with this host and CA_PATH, on a free HTTP port. */
  private static ServiceConfig config(String host, Path caPath) {
    return ServiceConfig.fromJson(plain.withHttpPort(ServiceUnderTest.freePort()).toJson()
        .put("TIDB_HOST", host).put("CA_PATH", caPath == null ? "" : caPath.toString()));
  }

  @Test
  void aCertificateFromTheGivenCaConnectsOverTls12Or13() {
    try (ServiceUnderTest service = ServiceUnderTest.start(config("localhost", ca.certificate()))) {
      assertEquals(201, service.post("/players",
          new JsonObject().put("id", "tls-1").put("coins", 1).put("goods", 2)).statusCode());
      assertEquals("tls-1", service.get("/players/tls-1").bodyAsJsonObject().getString("id"));
      Row version = service.database().query("SHOW SESSION STATUS LIKE 'Ssl_version'")
          .execute().await().iterator().next();
      assertTrue(Set.of("TLSv1.2", "TLSv1.3").contains(version.getString(1)), version.toJson().encode());
    }
  }

  @Test
  void theServerRefusesPlainConnectionsSoTheOtherChecksTestTls() {
    var failure = assertThrows(RuntimeException.class,
        () -> ServiceUnderTest.start(config("localhost", null)).close());
    assertTrue(failure.getMessage().contains("insecure transport"), failure.getMessage());
  }

  @Test
  void aCertificateFromAnotherCaStopsTheStartWithOneLine() {
    var failure = assertThrows(RuntimeException.class,
        () -> ServiceUnderTest.start(config("localhost", stranger.certificate())).close());
    assertEquals("TLS: the certificate of the database at localhost:" + plain.dbPort()
        + " cannot be verified: no CA in CA_PATH (" + stranger.certificate() + ") signed it",
        failure.getMessage());
  }

  @Test
  void aCertificateThatDoesNotNameTheHostStopsTheStart() {
    var failure = assertThrows(RuntimeException.class,
        () -> ServiceUnderTest.start(config("127.0.0.1", ca.certificate())).close());
    assertEquals("TLS: the certificate of the database at 127.0.0.1:" + plain.dbPort()
        + " does not name the host '127.0.0.1'", failure.getMessage());
  }

  @Test
  void aServerOfferingOnlyTls11IsRefused() {
    ServerFiles files = ca.issue(dir, "localhost");
    EmbeddedMariaDb old = EmbeddedMariaDb.start("test", List.of("--ssl-cert=" + files.certificate(),
        "--ssl-key=" + files.key(), "--require-secure-transport=ON", "--tls-version=TLSv1.1"));
    try {
      ServiceConfig config = ServiceConfig.fromJson(old.applyTo(config("x", ca.certificate())).toJson()
          .put("TIDB_HOST", "localhost"));
      var failure = assertThrows(RuntimeException.class, () -> ServiceUnderTest.start(config).close());
      assertTrue(failure.getMessage().startsWith("TLS: the handshake with the database at localhost:"
          + old.applyTo(plain).dbPort() + " failed (TLS 1.2 or 1.3 required)"), failure.getMessage());
    } finally {
      old.stop();
    }
  }

  @Test
  void theProcessExitsWithTheReasonOnOneLineAndNoStackTrace() throws Exception {
    try (ServiceProcess process = ServiceProcess.start(
        settings(config("localhost", stranger.certificate())), List.of())) {
      assertEquals(1, process.awaitExit(Duration.ofSeconds(60)), process.output());
      List<String> errors = process.lines().stream().filter(line -> line.contains("ERROR")).toList();
      assertEquals(1, errors.size(), process.output());
      assertTrue(errors.get(0).contains("failed to start")
          && errors.get(0).contains("cannot be verified: no CA in CA_PATH"), errors.get(0));
      assertTrue(process.lines().stream().noneMatch(line -> line.startsWith("\tat ")), process.output());
      assertFalse(process.output().contains(plain.dbPassword()), "the password was logged");
    }
  }

  /** Flyway's JDBC connection keeps the pool's rules: TLS, the CA in CA_PATH, and the host name. */
  @Test
  void theMigrationsConnectUnderTheSameTlsRules() {
    ServiceConfig trusted = config("localhost", ca.certificate());
    assertTrue(Migrations.summary(Migrations.apply(trusted), trusted).contains("version 3"));
    var plainText = assertThrows(Migrations.MigrationFailed.class, () -> Migrations.apply(config("localhost", null)));
    assertTrue(plainText.getMessage().contains("insecure transport"), plainText.getMessage());
    var stranger = assertThrows(Migrations.MigrationFailed.class,
        () -> Migrations.apply(config("localhost", DatabaseTlsTest.stranger.certificate())));
    assertEquals("TLS: the certificate of the database at localhost:" + plain.dbPort()
        + " cannot be verified: no CA in CA_PATH (" + DatabaseTlsTest.stranger.certificate() + ") signed it",
        stranger.getMessage());
    var otherHost = assertThrows(Migrations.MigrationFailed.class,
        () -> Migrations.apply(config("127.0.0.1", ca.certificate())));
    assertEquals("TLS: the certificate of the database at 127.0.0.1:" + plain.dbPort()
        + " does not name the host '127.0.0.1'", otherHost.getMessage());
  }

  /** TiDB Cloud's host names turn TLS on with no CA_PATH, trusting the system's CAs. */
  @Test
  void aTidbCloudHostUsesTlsWithTheSystemTrustStore() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + CLOUD_HOST + "\n");
    List<String> resolveCloudHostLocally = List.of(
        "-Dvertx.disableDnsResolver=true", "-Djdk.net.hosts.file=" + hosts);
    Map<String, String> settings = settings(config(CLOUD_HOST, null));

    // The JVM's own trust store does not know the test CA: refused, naming the system store.
    try (ServiceProcess process = ServiceProcess.start(settings, resolveCloudHostLocally)) {
      assertEquals(1, process.awaitExit(Duration.ofSeconds(60)), process.output());
      assertTrue(process.output().contains("cannot be verified: no CA in the system trust store"),
          process.output());
    }

    // A system trust store that holds the test CA: connected, over TLS (the server takes no other).
    Path store = Certificates.trustStore(ca, dir.resolve("system.p12"), "changeit");
    List<String> flags = new ArrayList<>(resolveCloudHostLocally);
    flags.addAll(List.of("-Djavax.net.ssl.trustStore=" + store,
        "-Djavax.net.ssl.trustStorePassword=changeit"));
    try (ServiceProcess process = ServiceProcess.start(settings, flags)) {
      assertTrue(process.awaitOutput("listening on", Duration.ofSeconds(60)), process.output());
      assertTrue(process.output().contains("(TLS, system trust store)"), process.output());
      assertFalse(process.output().contains(plain.dbPassword()), "the password was logged");
    }
  }

  private static Map<String, String> settings(ServiceConfig config) {
    Map<String, String> settings = new HashMap<>();
    config.toJson().forEach(entry -> settings.put(entry.getKey(), String.valueOf(entry.getValue())));
    return settings;
  }
}
