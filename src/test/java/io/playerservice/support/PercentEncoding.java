package io.playerservice.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for ids placed in a path or query. */
public final class PercentEncoding {
  private PercentEncoding() {
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static String playerPath(String id) {
    return "/players/" + encode(id);
  }
}
