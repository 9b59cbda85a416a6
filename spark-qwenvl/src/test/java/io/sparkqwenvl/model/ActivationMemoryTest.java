package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sparkqwenvl.model.QwenVlConfig.TextConfig;
import io.sparkqwenvl.model.QwenVlConfig.VisionConfig;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live native memory of a forward pass must not grow with depth: each vision block and decoder
 * layer frees its temporaries, so only the residual stream (and the preallocated KV cache) crosses
 * layers. Measured as the bytes of the open NDArrays of the model's manager tree, sampled at the
 * end of every layer (the per-layer peak), minus what was live before the pass (weights, cache).
 */
class ActivationMemoryTest {

  private static final int IMAGE_PAD = 151655;

  static {
    TinyFixtures.init();
  }

  @AfterEach
  void removeHook() {
    LayerProbe.install(null);
  }

  @Test
  void peakActivationMemoryOfPrefillDoesNotGrowWithDepth() {
    long shallow = peakPrefillBytes(2);
    long deep = peakPrefillBytes(8);
    assertThat(shallow).isPositive();
    // The deep model has 4 times the layers of each kind: activations kept until the end of the
    // pass made its peak about 3 times larger (30.2 MB against 9.8 MB). Freed per layer, both
    // peaks are one layer's activations plus the per-pass tables.
    assertThat(deep).as("peak bytes at depth 8 (depth 2: %d)", shallow).isLessThan(shallow * 5 / 4);
  }

  @Test
  void liveMemoryAfterDecodeStepsIsUnchanged() {
    try (QwenVlModel model = QwenVlModel.random(config(4), 7, ModelOptions.cpu());
        KvCache cache = model.newKvCache(1, 64)) {
      int[] prompt = {151644, 872, 198, 9707, 11, 1879};
      model.prefill(cache, List.of(new PrefillSequence(0, prompt, List.of())), null);
      long before = liveBytes(model.manager());
      long[] peak = {0};
      LayerProbe.install(() -> peak[0] = Math.max(peak[0], liveBytes(model.manager())));
      for (int i = 0; i < 3; i++) {
        model.decode(cache, new int[] {0}, new int[] {1234 + i}, null);
      }
      assertThat(liveBytes(model.manager())).isEqualTo(before);
      assertThat(peak[0]).isGreaterThan(before);
    }
  }

  private static long peakPrefillBytes(int depth) {
    try (QwenVlModel model = QwenVlModel.random(config(depth), 11, ModelOptions.cpu());
        KvCache cache = model.newKvCache(1, 128)) {
      VisionInput img = TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 16, 16, 3, 0);
      int[] ids = TinyFixtures.prompt(IMAGE_PAD, img.mergedTokens(2), 1, 2, 3);
      long before = liveBytes(model.manager());
      long[] peak = {0};
      int[] fired = {0};
      LayerProbe.install(
          () -> {
            fired[0]++;
            peak[0] = Math.max(peak[0], liveBytes(model.manager()));
          });
      NextTokens out =
          model.prefill(cache, List.of(new PrefillSequence(0, ids, List.of(img))), null);
      LayerProbe.install(null);
      assertThat(out.argmax()).hasSize(1);
      assertThat(fired[0]).isEqualTo(2 * depth);
      assertThat(liveBytes(model.manager())).isEqualTo(before);
      return peak[0] - before;
    }
  }

  /** The tiny architecture with {@code depth} vision blocks and decoder layers. */
  private static QwenVlConfig config(int depth) {
    QwenVlConfig c = QwenVlConfig.load(TinyFixtures.tinyDir());
    TextConfig t = c.text();
    VisionConfig v = c.vision();
    TextConfig text =
        new TextConfig(
            t.hiddenSize(),
            depth,
            t.numHeads(),
            t.numKvHeads(),
            t.headDim(),
            t.intermediateSize(),
            t.vocabSize(),
            t.ropeTheta(),
            t.rmsNormEps(),
            t.mropeSection(),
            t.tieWordEmbeddings(),
            t.maxPositionEmbeddings());
    int[] full = depth == 2 ? new int[] {1} : new int[] {1, 3, 5, 7};
    VisionConfig vision =
        new VisionConfig(
            depth,
            v.hiddenSize(),
            v.numHeads(),
            v.intermediateSize(),
            v.patchSize(),
            v.temporalPatchSize(),
            v.spatialMergeSize(),
            v.windowSize(),
            full,
            v.outHiddenSize(),
            v.tokensPerSecond(),
            v.inChannels());
    return new QwenVlConfig(
        c.modelType(),
        text,
        vision,
        c.imageTokenId(),
        c.videoTokenId(),
        c.visionStartTokenId(),
        c.visionEndTokenId());
  }

  /** Bytes of the open arrays of {@code m} and its sub-managers. */
  static long liveBytes(NDManager m) {
    long sum = 0;
    for (NDArray a : m.getManagedArrays()) {
      if (!a.isReleased()) {
        sum += a.getShape().size() * a.getDataType().getNumOfBytes();
      }
    }
    return sum;
  }
}
