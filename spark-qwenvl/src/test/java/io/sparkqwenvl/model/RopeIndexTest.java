package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class RopeIndexTest {

  private final QwenVlConfig cfg = PublishedConfigs.tiny();

  private static VisionInput grid(VisionInput.Kind k, int t, int h, int w, double s) {
    return new VisionInput(k, new float[t * h * w * 1176], t, h, w, s, 1, 1, 1, 1, null);
  }

  @Test
  void imageRowsColumnsAndResume() {
    // 3 text, vision_start, 2x3 merged tokens (grid 1x4x6), vision_end, 2 text
    int[] ids = TinyFixtures.prompt(151655, 6, 7, 8);
    ids = java.util.Arrays.copyOfRange(ids, 1, ids.length);
    RopeIndex.Positions p =
        RopeIndex.compute(ids, List.of(grid(VisionInput.Kind.IMAGE, 1, 4, 6, 0)), cfg);
    assertThat(p.positions()[0]).containsExactly(0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7, 8);
    assertThat(p.positions()[1]).containsExactly(0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7, 8);
    assertThat(p.positions()[2]).containsExactly(0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8);
    assertThat(p.ropeDelta()).isEqualTo(9 - 12);
  }

  @Test
  void videoTemporalIdsTruncateSecondsPerGridBeforeScaling() {
    int[] ids = TinyFixtures.prompt(151656, 2, 9);
    // facts §5.4 worked example: 4 frames (t = 2), s = 1.0 -> P_t = base + {0, 2}
    long[] t1 =
        RopeIndex.compute(ids, List.of(grid(VisionInput.Kind.VIDEO, 2, 2, 2, 1.0)), cfg)
            .positions()[0];
    assertThat(t1).containsExactly(0, 1, 2, 3, 4, 6, 7, 8);
    // transformers 5.17: int(1.2889) * 2 = 2 per step; int(0.5) = 0 collapses time
    long[] t2 =
        RopeIndex.compute(ids, List.of(grid(VisionInput.Kind.VIDEO, 2, 2, 2, 1.2889)), cfg)
            .positions()[0];
    assertThat(t2).containsExactly(0, 1, 2, 3, 4, 6, 7, 8);
    long[] t3 =
        RopeIndex.compute(ids, List.of(grid(VisionInput.Kind.VIDEO, 2, 2, 2, 0.5)), cfg)
            .positions()[0];
    assertThat(t3).containsExactly(0, 1, 2, 3, 4, 4, 5, 6);
  }

  @Test
  void mismatchedPlaceholdersAreRefused() {
    int[] ids = TinyFixtures.prompt(151655, 5);
    assertThatThrownBy(
            () -> RopeIndex.compute(ids, List.of(grid(VisionInput.Kind.IMAGE, 1, 4, 6, 0)), cfg))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RopeIndex.compute(ids, List.of(), cfg))
        .hasMessageContaining("more vision placeholder runs");
  }
}
