package io.playerservice.cli;

import io.playerservice.support.ServiceProcess;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start line names the transport: Netty's native epoll on the platforms the build carries its
 * library for, and the JDK's, with the reason, in a build without it.
 */
@EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
class TransportTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String LISTENING = "player-service listening on";

  @Test
  void linuxRunsOnNativeEpoll() throws InterruptedException {
    try (ServiceProcess service = ServiceProcess.start(settings(), List.of())) {
      String line = startLine(service);
      assertTrue(line.contains("(native transport,"), line);
      assertFalse(service.output().contains("on the JDK's transport"), service.output());
      assertEquals(143, service.terminate(Duration.ofSeconds(30)), service.output());
    }
  }

  @Test
  void withoutTheNativeLibraryTheJdksTransportRuns() throws InterruptedException {
    try (ServiceProcess service = ServiceProcess.startWithout("netty-transport-native-epoll", settings())) {
      String line = startLine(service);
      assertTrue(line.contains("(JDK transport,"), line);
      assertTrue(service.output().contains("on the JDK's transport: Netty's native one is unavailable ("),
          service.output());
      assertEquals(143, service.terminate(Duration.ofSeconds(30)), service.output());
    }
  }

  private static String startLine(ServiceProcess service) throws InterruptedException {
    assertTrue(service.awaitOutput(LISTENING, START), service.output());
    return service.lines().stream().filter(line -> line.contains(LISTENING)).findFirst().orElseThrow();
  }

  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    TestDatabase.config().withHttpPort(ServiceUnderTest.freePort()).toJson()
        .forEach(entry -> settings.put(entry.getKey(), String.valueOf(entry.getValue())));
    return settings;
  }
}
