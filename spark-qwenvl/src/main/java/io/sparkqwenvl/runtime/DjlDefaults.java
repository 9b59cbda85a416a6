package io.sparkqwenvl.runtime;

/**
 * Makes DJL quiet and offline before any DJL class is used. DJL 0.36 calls home ({@code
 * Ec2Utils.callHome}, an HTTP request to 169.254.169.254) when an engine starts and whenever a
 * tokenizer is created, unless {@code Utils.isOfflineMode()} (env {@code DJL_OFFLINE}, else system
 * property {@code ai.djl.offline}) or {@code OPT_OUT_TRACKING} (env, else the system property of
 * the same name) is true. This class sets both system properties, so opting out is the product's
 * default; an explicit {@code -D} value or environment variable set by the user still wins.
 */
public final class DjlDefaults {

  /** System property read by DJL's {@code Utils.isOfflineMode()} when env DJL_OFFLINE is unset. */
  public static final String OFFLINE_PROPERTY = "ai.djl.offline";

  /** Name DJL reads for tracking opt-out: environment first, then the system property. */
  public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

  private DjlDefaults() {}

  /** Sets the opt-out switches unless the user already chose a value. Idempotent, thread-safe. */
  public static synchronized void apply() {
    setIfAbsent(OFFLINE_PROPERTY, "DJL_OFFLINE");
    setIfAbsent(OPT_OUT_TRACKING, OPT_OUT_TRACKING);
  }

  private static void setIfAbsent(String property, String env) {
    if (System.getProperty(property) == null && System.getenv(env) == null) {
      System.setProperty(property, "true");
    }
  }
}
