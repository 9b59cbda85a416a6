package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.sparkqwenvl.model.QwenVlConfig.TextConfig;
import io.sparkqwenvl.model.QwenVlConfig.VisionConfig;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterShapesTest {

  @Test
  void publishedParameterCounts() {
    // Hand check, 3B: text 36*(2048*2048+2048 + 2*(256*2048+256) + 2048*2048 + 3*11008*2048
    // + 2*2048) + 151936*2048 + 2048; vision 1280*1176 + 32*(2*1280 + 3840*1280+3840
    // + 1280*1280+1280 + 2*(3420*1280+3420) + 1280*3420+1280) + 1280 + 5120*5120+5120
    // + 2048*5120+2048.
    assertThat(ParameterShapes.count(PublishedConfigs.QWEN25_VL_3B)).isEqualTo(3_754_622_976L);
    assertThat(ParameterShapes.count(PublishedConfigs.QWEN25_VL_7B)).isEqualTo(8_292_166_656L);
    assertThat(ParameterShapes.of(PublishedConfigs.QWEN25_VL_3B))
        .doesNotContainKey("lm_head.weight");
    assertThat(ParameterShapes.of(PublishedConfigs.QWEN25_VL_7B).get("lm_head.weight"))
        .containsExactly(152064, 3584);
  }

  @Test
  void realShapedLayerAndBlockLoadThroughTheCheckpointReader(@TempDir Path dir) throws Exception {
    TinyFixtures.init();
    SortedMap<String, long[]> all = ParameterShapes.of(PublishedConfigs.QWEN25_VL_3B);
    SortedMap<String, long[]> some = new TreeMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith("model.layers.0.") || k.startsWith("visual.blocks.0.")) {
            some.put(k, v);
          }
        });
    TinyModel.writeSafetensors(dir.resolve("model.safetensors"), some);
    try (Checkpoint c = Checkpoint.open(dir);
        NDManager m = NDManager.newBaseManager("PyTorch")) {
      for (var e : some.entrySet()) {
        NDArray a = c.load(e.getKey(), e.getValue(), DataType.FLOAT32, m);
        assertThat(a.getShape().getShape()).containsExactly(e.getValue());
      }
      long[] wrong = {2048, 2047};
      assertThatThrownBy(
              () -> c.load("model.layers.0.mlp.down_proj.weight", wrong, DataType.FLOAT32, m))
          .hasMessageContaining("expected shape [2048, 2047] for model.layers.0.mlp.down_proj")
          .hasMessageContaining("found [2048, 11008]");
    }
  }

  @Test
  void tinyConfigMatchesTheBrief() {
    QwenVlConfig c = PublishedConfigs.tiny();
    TextConfig t = c.text();
    VisionConfig v = c.vision();
    assertThat(t.hiddenSize()).isEqualTo(32);
    assertThat(t.headDim()).isEqualTo(16);
    assertThat(t.mropeSection()).containsExactly(2, 3, 3);
    assertThat(t.tieWordEmbeddings()).isTrue();
    assertThat(v.fullattBlockIndexes()).containsExactly(1, 3);
    assertThat(v.headDim()).isEqualTo(16);
  }
}
