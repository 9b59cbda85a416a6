package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a forward pass spends its time, stage by stage: with {@code -Dqwenvl.stage-clock=true}
 * every {@link #lap} waits for the device to finish the array it is given and adds the time since
 * the previous lap of the same thread to its stage. Waiting serializes host and device, so the
 * totals are slower than an unclocked run; they show which stages dominate, not the throughput.
 * Disabled (the default) a lap is one static check.
 */
public final class StageClock {

  private static final boolean ENABLED = Boolean.getBoolean("qwenvl.stage-clock");
  private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
  private static final ThreadLocal<long[]> LAST = ThreadLocal.withInitial(() -> new long[1]);

  private StageClock() {}

  public static boolean enabled() {
    return ENABLED;
  }

  /** Starts timing on this thread once {@code a} (null: nothing pending) is computed. */
  static NDArray start(NDArray a) {
    if (ENABLED) {
      if (a != null) {
        sync(a);
      }
      LAST.get()[0] = System.nanoTime();
    }
    return a;
  }

  /**
   * Charges the time since the previous lap (or start) to {@code stage}, once {@code a} is done.
   */
  static NDArray lap(String stage, NDArray a) {
    if (ENABLED) {
      sync(a);
      long now = System.nanoTime();
      long[] last = LAST.get();
      NANOS.computeIfAbsent(stage, k -> new LongAdder()).add(now - last[0]);
      last[0] = now;
    }
    return a;
  }

  /**
   * As {@link #lap(String, NDArray)} for stage {@code prefix + name} (joined only when enabled).
   */
  static NDArray lap(String prefix, String name, NDArray a) {
    return ENABLED ? lap(prefix + name, a) : a;
  }

  /** Milliseconds per stage since the last {@link #reset}, sorted by stage name. */
  public static Map<String, Double> millis() {
    Map<String, Double> out = new TreeMap<>();
    NANOS.forEach((k, v) -> out.put(k, Math.round(v.sum() / 1e4) / 100.0));
    return out;
  }

  public static void reset() {
    NANOS.clear();
  }

  private static void sync(NDArray a) {
    try (NDScope ignored = new NDScope()) {
      NDArray one = a.reshape(-1).get(0);
      one.toType(DataType.FLOAT32, false).getFloat();
    }
  }
}
