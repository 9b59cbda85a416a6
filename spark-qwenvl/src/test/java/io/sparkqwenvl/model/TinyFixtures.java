package io.sparkqwenvl.model;

import io.sparkqwenvl.preprocess.VisionInput;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Shared tiny checkpoint and synthetic media for model tests. */
final class TinyFixtures {

  private static Path dir;

  static {
    // Tests share 2 cores with other builds: libtorch's OpenMP pool is 10-20x slower there.
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    io.sparkqwenvl.runtime.DjlDefaults.apply();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Applies the test engine settings (call before the first DJL use). */
  static void init() {}

  private TinyFixtures() {}

  static synchronized Path tinyDir() {
    if (dir == null) {
      dir =
          TinyModel.materialize(Path.of(System.getProperty("java.io.tmpdir"), "spark-qwenvl-test"));
    }
    return dir;
  }

  /** Random normalized pixels for a grid. */
  static VisionInput media(VisionInput.Kind kind, int t, int h, int w, long seed, double spg) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] px = new float[t * h * w * 1176];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return new VisionInput(kind, px, t, h, w, spg, w * 14, h * 14, w * 14, h * 14, null);
  }

  /** Prompt: text, vision_start, pads, vision_end, text. */
  static int[] prompt(int pad, int count, int... tail) {
    int[] head = {151644, 872, 198, 151652};
    int[] ids = new int[head.length + count + 1 + tail.length];
    System.arraycopy(head, 0, ids, 0, head.length);
    for (int i = 0; i < count; i++) {
      ids[head.length + i] = pad;
    }
    ids[head.length + count] = 151653;
    System.arraycopy(tail, 0, ids, head.length + count + 1, tail.length);
    return ids;
  }
}
