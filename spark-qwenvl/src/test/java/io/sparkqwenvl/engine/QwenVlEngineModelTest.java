package io.sparkqwenvl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.model.ModelOptions;
import io.sparkqwenvl.model.PublishedConfigs;
import io.sparkqwenvl.model.QwenVlModel;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The engine over the tiny random model gives exactly what the model's own generate gives. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QwenVlEngineModelTest {
  private QwenVlModel model;

  @BeforeAll
  void open() {
    model = QwenVlModel.random(PublishedConfigs.tiny(), 7, ModelOptions.cpu());
  }

  @AfterAll
  void close() {
    model.close();
  }

  static EngineRequest request(Random rnd, int kind) {
    List<VisionInput> vision = new ArrayList<>();
    List<Integer> ids = new ArrayList<>(List.of(151644, 872, 198));
    int images = kind % 3 == 2 ? 0 : 1 + kind % 2;
    for (int m = 0; m < images; m++) {
      int gh = 2 * (1 + rnd.nextInt(3));
      int gw = 2 * (1 + rnd.nextInt(4));
      float[] px = new float[gh * gw * 1176];
      for (int i = 0; i < px.length; i++) {
        px[i] = (float) rnd.nextGaussian();
      }
      vision.add(
          new VisionInput(
              VisionInput.Kind.IMAGE, px, 1, gh, gw, 0, gw * 14, gh * 14, gw * 14, gh * 14, null));
      ids.add(151652);
      for (int t = 0; t < gh * gw / 4; t++) {
        ids.add(151655);
      }
      ids.add(151653);
    }
    for (int t = rnd.nextInt(6); t >= 0; t--) {
      ids.add(rnd.nextInt(150000));
    }
    ids.addAll(List.of(151645, 198, 151644, 77091, 198));
    int maxNew = 1 + rnd.nextInt(12);
    GenerationConfig config =
        switch (kind % 4) {
          case 0 -> GenerationConfig.greedy(maxNew);
          case 1 -> GenerationConfig.qwenDefault(maxNew);
          case 2 -> GenerationConfig.greedy(maxNew).withSampling(0.9, 50, 0.9, rnd.nextLong());
          default -> GenerationConfig.greedy(maxNew).withIgnoreEos(true);
        };
    return new EngineRequest(
        ids.stream().mapToInt(Integer::intValue).toArray(), vision, config, null);
  }

  @Test
  void engineOutputEqualsDirectGenerateUnderConcurrentSubmitters() throws Exception {
    Random rnd = new Random(2024);
    List<EngineRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      reqs.add(request(rnd, i));
    }
    List<GenerationResult> expected = new ArrayList<>();
    for (EngineRequest r : reqs) {
      expected.add(model.generate(List.of(r)).get(0));
    }
    EngineOptions opts =
        EngineOptions.defaults()
            .withMaxBatchSequences(3)
            .withKvCapacity(128)
            .withMaxBatchTokens(200);
    try (QwenVlEngine engine = new QwenVlEngine(model, opts)) {
      List<CompletableFuture<GenerationResult>> fs =
          QwenVlEngineTest.submitConcurrently(engine, reqs, 3);
      for (int i = 0; i < reqs.size(); i++) {
        GenerationResult got = fs.get(i).get(60, TimeUnit.SECONDS);
        assertThat(got.tokenIds()).as("request %d", i).containsExactly(expected.get(i).tokenIds());
        assertThat(got.finishReason())
            .as("request %d", i)
            .isEqualTo(expected.get(i).finishReason());
        assertThat(got.promptTokens()).isEqualTo(reqs.get(i).promptTokenIds().length);
      }
      EngineStats s = engine.stats();
      assertThat(s.failed()).isZero();
      assertThat(s.meanBatchSize()).isGreaterThan(1.0);
      assertThat(s.visualTokens()).isEqualTo(reqs.stream().mapToLong(r -> r.visionTokens(2)).sum());
    }
    assertThat(expected)
        .anySatisfy(r -> assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH));
  }

  @Test
  void createAndCloseManyEnginesFreesEveryKvCacheAndKeepsRssFlat() {
    // 8 slots x 2048 positions: each lane's cache is 2 layers x (K,V) x 8 x 2048 x 16 floats
    // = 4 MB, written in full once (zeros) when allocated; 2 lanes per engine.
    EngineOptions opts = EngineOptions.defaults().withMaxBatchSequences(8).withKvCapacity(2048);
    EngineRequest r = request(new Random(5), 3);
    List<io.sparkqwenvl.model.KvCache> caches = new ArrayList<>();
    Runnable once =
        () -> {
          try (QwenVlEngine engine = QwenVlEngine.create(model, opts, 2)) {
            engine.submit(r).join();
            for (EngineBackend b : engine.backends()) {
              caches.add(((ModelBackend) b).cache());
            }
          }
        };
    for (int i = 0; i < 3; i++) {
      once.run();
    }
    long before = rssKb();
    for (int i = 0; i < 40; i++) {
      once.run();
    }
    long grown = rssKb() - before;
    assertThat(caches).hasSize(2 * 43).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
    // Leaking the caches would keep 40 x 8 MB; allow for allocator and JIT noise.
    assertThat(grown).as("RSS growth in KB").isLessThan(100_000);
  }

  private static long rssKb() {
    System.gc();
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
