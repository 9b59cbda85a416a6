package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.preprocess.VisionInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QwenVlModelTest {

  private QwenVlModel model;

  @BeforeAll
  void load() {
    model = QwenVlModel.load(TinyFixtures.tinyDir(), ModelOptions.cpu());
  }

  @AfterAll
  void close() {
    model.close();
  }

  private static final int[] TEXT = {
    151644, 872, 198, 9707, 11, 1879, 0, 151645, 198, 151644, 77091, 198
  };

  @Test
  void anUntiedCheckpointWithoutLmHeadIsAnErrorNamingTheTensor(@TempDir Path dir)
      throws IOException {
    Path tiny = TinyFixtures.tinyDir();
    try (var files = Files.list(tiny)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path config = dir.resolve("config.json");
    String json = Files.readString(config);
    assertThat(json).contains("\"tie_word_embeddings\": true");
    Files.writeString(
        config, json.replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false"));
    assertThatThrownBy(() -> QwenVlModel.load(dir, ModelOptions.cpu()).close())
        .hasMessageContaining("lm_head.weight");
  }

  @Test
  void decodeWithCacheMatchesPrefillOfTheLongerPrompt() {
    int[] longer = java.util.Arrays.copyOf(TEXT, TEXT.length + 1);
    longer[TEXT.length] = 1234;
    try (KvCache cache = model.newKvCache(2, 32)) {
      model.prefill(cache, List.of(new PrefillSequence(0, TEXT, List.of())), null);
      NextTokens step = model.decode(cache, new int[] {0}, new int[] {1234}, null);
      NextTokens full =
          model.prefill(cache, List.of(new PrefillSequence(1, longer, List.of())), null);
      assertClose(step.logits()[0], full.logits()[0], 1e-4f);
      assertThat(step.argmax()[0]).isEqualTo(full.argmax()[0]);
    }
  }

  @Test
  void batchedPrefillMatchesSingle() {
    VisionInput img = TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 6, 10, 1, 0);
    int[] a = TinyFixtures.prompt(151655, img.mergedTokens(2), 1, 2, 3);
    try (KvCache cache = model.newKvCache(3, 64)) {
      NextTokens single =
          model.prefill(cache, List.of(new PrefillSequence(0, a, List.of(img))), null);
      NextTokens batch =
          model.prefill(
              cache,
              List.of(
                  new PrefillSequence(1, TEXT, List.of()), new PrefillSequence(2, a, List.of(img))),
              null);
      assertClose(single.logits()[0], batch.logits()[1], 1e-4f);
      NextTokens d1 = model.decode(cache, new int[] {0}, new int[] {5}, null);
      NextTokens d2 = model.decode(cache, new int[] {2, 1}, new int[] {5, 7}, null);
      assertClose(d1.logits()[0], d2.logits()[0], 1e-4f);
    }
  }

  @Test
  void generateBatchEqualsSingle() {
    VisionInput vid = TinyFixtures.media(VisionInput.Kind.VIDEO, 2, 4, 4, 2, 1.0);
    int[] v = TinyFixtures.prompt(151656, vid.mergedTokens(2), 151644, 77091, 198);
    EngineRequest r1 = new EngineRequest(TEXT, List.of(), GenerationConfig.greedy(6), null);
    EngineRequest r2 = new EngineRequest(v, List.of(vid), GenerationConfig.qwenDefault(8), null);
    EngineRequest r3 =
        new EngineRequest(
            TEXT, List.of(), GenerationConfig.greedy(5).withSampling(0.8, 50, 0.9, 42), null);
    List<GenerationResult> batch = model.generate(List.of(r1, r2, r3));
    List<EngineRequest> all = List.of(r1, r2, r3);
    for (int i = 0; i < 3; i++) {
      GenerationResult alone = model.generate(List.of(all.get(i))).get(0);
      assertThat(batch.get(i).tokenIds()).isEqualTo(alone.tokenIds());
      assertThat(batch.get(i).finishReason()).isEqualTo(alone.finishReason());
    }
    assertThat(batch.get(0).tokenIds()).hasSize(6);
  }

  @Test
  void randomWeightsOfAPublishedArchitectureRunAndCloseCleanly() {
    try (QwenVlModel r = QwenVlModel.random(PublishedConfigs.tiny(), 7, ModelOptions.cpu())) {
      assertThat(r.revision()).isEqualTo("random-7");
      assertThat(r.directory()).isNull();
      EngineRequest req = new EngineRequest(TEXT, List.of(), GenerationConfig.greedy(3), null);
      assertThat(r.generate(List.of(req)).get(0).tokenIds()).hasSize(3);
      assertThat(r.kvCacheBytes(2, 10)).isEqualTo(2L * 2 * 2 * 1 * 10 * 16 * 4);
    }
    assertThat(model.revision()).hasSize(16);
  }

  @Test
  void badInputIsATypedError() {
    try (KvCache cache = model.newKvCache(1, 8)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> model.prefill(cache, List.of(new PrefillSequence(0, TEXT, List.of())), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("capacity is 8");
      int[] bad = {1, 2, 200000};
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> model.prefill(cache, List.of(new PrefillSequence(0, bad, List.of())), null))
          .hasMessageContaining("token id 200000");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> model.decode(cache, new int[] {0}, new int[] {1}, null))
          .hasMessageContaining("was not prefilled");
    }
  }

  static void assertClose(float[] a, float[] b, float tol) {
    assertThat(a).hasSameSizeAs(b);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    assertThat(max).isLessThanOrEqualTo(tol);
  }
}
