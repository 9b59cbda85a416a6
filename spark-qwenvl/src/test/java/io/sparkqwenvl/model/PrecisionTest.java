package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FP16_MIXED must stay finite and close to FP32 where activations exceed the float16 range. DJL's
 * CPU engine runs float16 matmuls, so this exercises the same code path as on a GPU.
 */
class PrecisionTest {

  @Test
  void halfLinearDoesNotOverflowWhenOutputsExceedTheHalfRange() {
    TinyFixtures.init();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray w = m.randomUniform(-1f, 1f, new Shape(64, 256)); // row L1 about 128
      NDArray x = m.randomUniform(-30000f, 30000f, new Shape(4, 256));
      try (Linear full = new Linear(w, null, false);
          Linear half = new Linear(w.duplicate(), m.zeros(new Shape(64)), true)) {
        assertThat(half.isHalf()).isTrue();
        float[] a = full.apply(x).toFloatArray();
        float[] b = half.apply(x).toFloatArray();
        float max = 0;
        float err = 0;
        for (int i = 0; i < a.length; i++) {
          max = Math.max(max, Math.abs(a[i]));
          err = Math.max(err, Math.abs(a[i] - b[i]));
          assertThat(Float.isFinite(b[i])).isTrue();
        }
        assertThat(max).isGreaterThan(65504f);
        assertThat(err / max).isLessThan(2e-3f);
      }
    }
  }

  @Test
  void boundedInputsSkipTheScaling() {
    TinyFixtures.init();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray w = m.randomUniform(-0.1f, 0.1f, new Shape(64, 256)); // row L1 about 12.8
      NDArray x = m.randomUniform(-10f, 10f, new Shape(4, 256));
      try (Linear full = new Linear(w, null, false);
          Linear bounded = new Linear(w.duplicate(), null, true, 10f);
          Linear unbounded = new Linear(w.duplicate(), null, true, 5000f)) {
        assertThat(bounded.isBounded()).isTrue();
        assertThat(unbounded.isBounded()).isFalse();
        float[] a = full.apply(x).toFloatArray();
        float[] b = bounded.apply(x).toFloatArray();
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(0.05f));
        }
      }
    }
  }

  @Test
  void halfLinearKeepsFloat32WeightsWhoseRowsCouldOverflow() {
    TinyFixtures.init();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      try (Linear l = new Linear(m.ones(new Shape(2, 40000)), null, true)) {
        assertThat(l.isHalf()).isFalse();
      }
    }
  }

  @Test
  void tinyModelInFp16MixedMatchesFp32() {
    int[] ids = {151644, 872, 198, 9707, 11, 1879, 0, 151645, 198, 151644, 77091, 198};
    var img = TinyFixtures.media(io.sparkqwenvl.preprocess.VisionInput.Kind.IMAGE, 1, 12, 20, 3, 0);
    List<PrefillSequence> seqs =
        List.of(
            new PrefillSequence(0, ids, List.of()),
            new PrefillSequence(1, TinyFixtures.prompt(151655, 60, 1, 2), List.of(img)));
    NextTokens a;
    NextTokens b;
    try (QwenVlModel full = QwenVlModel.load(TinyFixtures.tinyDir(), ModelOptions.cpu());
        KvCache c = full.newKvCache(2, 96)) {
      a = full.prefill(c, seqs, null);
    }
    try (QwenVlModel half =
            QwenVlModel.load(
                TinyFixtures.tinyDir(), new ModelOptions("cpu", Precision.FP16_MIXED));
        KvCache c = half.newKvCache(2, 96)) {
      b = half.prefill(c, seqs, null);
    }
    QwenVlModelTest.assertClose(a.logits()[0], b.logits()[0], 0.05f);
    QwenVlModelTest.assertClose(a.logits()[1], b.logits()[1], 0.05f);
  }

  @Test
  void scaledMlpModelStaysFiniteAndCloseToFp32(@TempDir Path dir) throws Exception {
    Path tiny = TinyFixtures.tinyDir();
    for (String f :
        new String[] {"config.json", "preprocessor_config.json", "generation_config.json"}) {
      Files.copy(tiny.resolve(f), dir.resolve(f));
    }
    // gate/up x5000: |w| <= 884, outputs in the thousands, silu(gate)*up ~1e7 and a residual
    // stream far beyond 65504; row L1 stays below 32768 so the weights do go to float16.
    TinyModel.writeSafetensors(
        dir.resolve("model.safetensors"),
        ParameterShapes.of(PublishedConfigs.tiny()),
        n ->
            n.contains("mlp.gate_proj.weight") || n.contains("mlp.up_proj.weight")
                ? (n.startsWith("model.") ? 5000 : 1)
                : 1);
    int[] ids = {151644, 872, 198, 9707, 11, 1879, 0, 151645, 198, 151644, 77091, 198};
    float[] a;
    float[] b;
    try (QwenVlModel full = QwenVlModel.load(dir, ModelOptions.cpu());
        KvCache c = full.newKvCache(1, 32)) {
      a = full.prefill(c, List.of(new PrefillSequence(0, ids, List.of())), null).logits()[0];
    }
    try (QwenVlModel half = QwenVlModel.load(dir, new ModelOptions("cpu", Precision.FP16_MIXED));
        KvCache c = half.newKvCache(1, 32)) {
      b = half.prefill(c, List.of(new PrefillSequence(0, ids, List.of())), null).logits()[0];
      NextTokens d = half.decode(c, new int[] {0}, new int[] {5}, null);
      for (float v : d.logits()[0]) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
    float max = 0;
    float err = 0;
    for (int i = 0; i < a.length; i++) {
      assertThat(Float.isFinite(b[i])).isTrue();
      max = Math.max(max, Math.abs(a[i]));
      err = Math.max(err, Math.abs(a[i] - b[i]));
    }
    assertThat(err).isLessThan(0.02f * max);
  }
}
