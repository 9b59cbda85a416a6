package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The float16 activation path of {@link GatedMlp} equals the float32 MLP, also where silu(g)·u is
 * far beyond the float16 range (the naive float16 product would be infinite).
 */
class GatedMlpTest {

  static {
    TinyFixtures.init();
  }

  @Test
  void halfActivationMatchesFloat32BeyondTheHalfRange() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      long h = 64;
      long inter = 96;
      long rows = GatedMlp.HALF_PATH_MIN_ROWS + 4;
      NDArray gu = m.randomUniform(0f, 1f, new Shape(2 * inter, h)); // row L1 about 32
      NDArray gub = m.randomUniform(-5f, 5f, new Shape(2 * inter));
      NDArray dw = m.randomUniform(-0.05f, 0.05f, new Shape(h, inter));
      NDArray db = m.randomUniform(-1f, 1f, new Shape(h));
      NDArray x = m.randomUniform(-1f, 1f, new Shape(rows, h)).mul(600f);
      float bound = 600f; // |x| ≤ 600: |g|, |u| up to ~20000, silu(g)·u up to ~4e8
      try (GatedMlp full =
              new GatedMlp(
                  new Linear(gu.duplicate(), gub.duplicate(), false, bound),
                  new Linear(dw.duplicate(), db.duplicate(), false),
                  inter);
          GatedMlp half =
              new GatedMlp(new Linear(gu, gub, true, bound), new Linear(dw, db, true), inter)) {
        assertThat(half.usesHalfActivation()).isTrue();
        assertThat(full.usesHalfActivation()).isFalse();
        float[] want = full.apply(x, "test.").toFloatArray();
        float[] got = half.apply(x, "test.").toFloatArray();
        float max = 0;
        float err = 0;
        for (int i = 0; i < want.length; i++) {
          assertThat(Float.isFinite(got[i])).as("output %d", i).isTrue();
          max = Math.max(max, Math.abs(want[i]));
          err = Math.max(err, Math.abs(want[i] - got[i]));
        }
        assertThat(max).isGreaterThan(65504f);
        assertThat(err / max).as("max error %s of max %s", err, max).isLessThan(3e-3f);
      }
    }
  }

  @Test
  void halfPathNeedsProvenGateUpBounds() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray gu = m.randomUniform(0f, 1f, new Shape(8, 16));
      NDArray dw = m.randomUniform(-0.05f, 0.05f, new Shape(16, 4));
      try (Linear bounded = new Linear(gu.duplicate(), null, true, 100f);
          Linear unbounded = new Linear(gu, null, true, 1e6f)) {
        assertThat(bounded.hasHalfOutput()).isTrue();
        assertThat(unbounded.hasHalfOutput()).isFalse();
      }
      dw.close();
    }
  }
}
