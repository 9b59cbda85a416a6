package io.sparkqwenvl.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DjlDefaultsTest {

  @Test
  void optsOutUnlessTheUserChose() {
    String before = System.getProperty(DjlDefaults.OPT_OUT_TRACKING);
    try {
      System.clearProperty(DjlDefaults.OPT_OUT_TRACKING);
      DjlDefaults.apply();
      boolean envSet = System.getenv(DjlDefaults.OPT_OUT_TRACKING) != null;
      assertThat(System.getProperty(DjlDefaults.OPT_OUT_TRACKING))
          .isEqualTo(envSet ? null : "true");
      System.setProperty(DjlDefaults.OPT_OUT_TRACKING, "false");
      DjlDefaults.apply();
      assertThat(System.getProperty(DjlDefaults.OPT_OUT_TRACKING)).isEqualTo("false");
      boolean offlineEnv = System.getenv("DJL_OFFLINE") != null;
      assertThat(System.getProperty(DjlDefaults.OFFLINE_PROPERTY))
          .isEqualTo(
              offlineEnv && System.getProperty(DjlDefaults.OFFLINE_PROPERTY) == null
                  ? null
                  : "true");
    } finally {
      if (before == null) {
        System.clearProperty(DjlDefaults.OPT_OUT_TRACKING);
      } else {
        System.setProperty(DjlDefaults.OPT_OUT_TRACKING, before);
      }
    }
  }

  @Test
  void jsonRoundTrip() {
    assertThat(Json.parse(Json.write(java.util.Map.of("a", 1))).get("a").asInt()).isEqualTo(1);
  }
}
