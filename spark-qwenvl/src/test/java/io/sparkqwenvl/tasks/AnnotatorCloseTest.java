package io.sparkqwenvl.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.engine.GenerationService;
import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.prompt.QwenTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing an annotator completes every request it accepted, even those not yet preprocessed. */
class AnnotatorCloseTest {

  /** Blocks the first submit until interrupted; like the engine, fails everything once closed. */
  static class StuckService implements GenerationService {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch never = new CountDownLatch(1);

    @Override
    public CompletableFuture<GenerationResult> submit(EngineRequest request) {
      entered.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.failedFuture(new IllegalStateException("engine closed"));
    }

    @Override
    public int spatialMergeSize() {
      return 2;
    }

    @Override
    public void close() {}
  }

  @Test
  void cancellingARequestCancelsItsEngineRequest() throws Exception {
    List<CompletableFuture<GenerationResult>> engineSide = new ArrayList<>();
    CountDownLatch submitted = new CountDownLatch(1);
    GenerationService service =
        new StuckService() {
          @Override
          public synchronized CompletableFuture<GenerationResult> submit(EngineRequest r) {
            CompletableFuture<GenerationResult> g = new CompletableFuture<>();
            engineSide.add(g);
            submitted.countDown();
            return g;
          }
        };
    TaskSpec spec = TaskSpec.of(TaskKind.CAPTION, GenerationConfig.greedy(4));
    try (QwenTokenizer tok = QwenTokenizer.bundled();
        Annotator a =
            new Annotator(
                service,
                tok,
                PreprocessorConfig.defaults(),
                new ModelInfo("fake", "r", "cpu", "FP32"),
                AnnotatorOptions.cpu())) {
      var f = a.submit(new AnnotationRequest("a.png", AnnotatorTinyTest.png(64, 48), spec, null));
      assertThat(submitted.await(30, TimeUnit.SECONDS)).isTrue();
      f.cancel(false);
      synchronized (service) {
        assertThat(engineSide).hasSize(1);
        assertThat(engineSide.get(0)).isCancelled();
      }
    }
  }

  @Test
  void submitAfterCloseIsAFailureRowNotAnException() throws Exception {
    TaskSpec spec = TaskSpec.of(TaskKind.CAPTION, GenerationConfig.greedy(4));
    try (QwenTokenizer tok = QwenTokenizer.bundled()) {
      Annotator a =
          new Annotator(
              new StuckService(),
              tok,
              PreprocessorConfig.defaults(),
              new ModelInfo("fake", "r", "cpu", "FP32"),
              AnnotatorOptions.cpu());
      a.close();
      TaskResult r =
          a.submit(new AnnotationRequest("late.png", AnnotatorTinyTest.png(8, 8), spec, null))
              .get(10, TimeUnit.SECONDS);
      assertThat(r.ok()).isFalse();
      assertThat(r.finishReason()).isEqualTo(FinishReason.ERROR);
      assertThat(r.error()).isEqualTo("late.png: the annotator is closed");
    }
  }

  @Test
  void closeFailsQueuedRequestsInsteadOfLeavingThemPendingForever() throws Exception {
    StuckService service = new StuckService();
    TaskSpec spec = TaskSpec.of(TaskKind.CAPTION, GenerationConfig.greedy(4));
    byte[] img = AnnotatorTinyTest.png(64, 48);
    List<CompletableFuture<TaskResult>> fs = new ArrayList<>();
    try (QwenTokenizer tok = QwenTokenizer.bundled()) {
      Annotator a =
          new Annotator(
              service,
              tok,
              PreprocessorConfig.defaults(),
              new ModelInfo("fake", "r", "cpu", "FP32"),
              AnnotatorOptions.cpu().withPreprocessThreads(1));
      for (int i = 0; i < 4; i++) {
        fs.add(a.submit(new AnnotationRequest("img" + i + ".png", img, spec, null)));
      }
      assertThat(service.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the one thread is busy
      a.close();
      for (int i = 0; i < fs.size(); i++) {
        TaskResult r = fs.get(i).get(10, TimeUnit.SECONDS);
        assertThat(r.ok()).isFalse();
        assertThat(r.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(r.error()).contains("img" + i + ".png");
      }
    }
  }
}
