package io.sparkqwenvl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.preprocess.VisionInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class QwenVlEngineTest {

  /** Greedy: argmax of the raw scores, no full row needed. */
  static final TokenSelector.Factory GREEDY =
      r ->
          new TokenSelector() {
            @Override
            public boolean argmaxSuffices() {
              return true;
            }

            @Override
            public int select(float[] logits, int argmax, int remaining) {
              return argmax;
            }
          };

  /** Takes the second-best score: needs the whole row (stands for sampling / penalties). */
  static final TokenSelector.Factory SECOND_BEST =
      r ->
          new TokenSelector() {
            @Override
            public boolean argmaxSuffices() {
              return false;
            }

            @Override
            public int select(float[] logits, int argmax, int remaining) {
              int best = -1;
              for (int i = 0; i < logits.length; i++) {
                if (i != argmax && (best < 0 || logits[i] > logits[best])) {
                  best = i;
                }
              }
              return best;
            }
          };

  static EngineRequest request(Random rnd, int maxNew, boolean withImage) {
    int[] prompt = new int[3 + rnd.nextInt(12)];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = rnd.nextInt(1000);
    }
    List<VisionInput> vision = new ArrayList<>();
    if (withImage) {
      int gh = 2 * (1 + rnd.nextInt(3));
      int gw = 2 * (1 + rnd.nextInt(3));
      vision.add(
          new VisionInput(
              VisionInput.Kind.IMAGE,
              new float[gh * gw * 4],
              1,
              gh,
              gw,
              0,
              gw * 14,
              gh * 14,
              gw * 14,
              gh * 14,
              null));
    }
    var config =
        new GenerationConfig(maxNew, false, 1, 0, 1, 1, 0, new int[] {7, 11}, rnd.nextInt(4) == 0);
    return new EngineRequest(prompt, vision, config, null);
  }

  /** The same request, made to generate exactly maxNewTokens. */
  static EngineRequest forced(EngineRequest r) {
    return new EngineRequest(
        r.promptTokenIds(), r.vision(), r.config().withIgnoreEos(true), r.constraint());
  }

  static QwenVlEngine engine(FakeBackend b, EngineOptions o, TokenSelector.Factory f) {
    return new QwenVlEngine(List.of(b), o, f);
  }

  static EngineOptions small() {
    return EngineOptions.defaults().withMaxBatchSequences(4).withKvCapacity(128);
  }

  @Test
  void equalsSequentialGenerationUnderConcurrentSubmitters() throws Exception {
    for (TokenSelector.Factory f : List.of(GREEDY, SECOND_BEST)) {
      Random rnd = new Random(42);
      List<EngineRequest> reqs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        reqs.add(request(rnd, 1 + rnd.nextInt(20), i % 3 == 0));
      }
      FakeBackend b = new FakeBackend();
      try (QwenVlEngine e = engine(b, small().withMaxBatchTokens(40), f)) {
        List<CompletableFuture<GenerationResult>> futures = submitConcurrently(e, reqs, 4);
        for (int i = 0; i < reqs.size(); i++) {
          GenerationResult r = futures.get(i).get(30, TimeUnit.SECONDS);
          assertThat(r.tokenIds())
              .as("request %d", i)
              .containsExactly(FakeBackend.reference(reqs.get(i), f.open(reqs.get(i))));
          assertThat(r.promptTokens()).isEqualTo(reqs.get(i).promptTokenIds().length);
        }
        EngineStats s = e.stats();
        assertThat(s.requests()).isEqualTo(40);
        assertThat(s.sequences()).isEqualTo(40);
        assertThat(s.failed()).isZero();
        assertThat(s.meanBatchSize()).isGreaterThan(1.0);
        assertThat(s.batchOccupancy()).isBetween(0.0, 1.0);
      }
    }
  }

  static List<CompletableFuture<GenerationResult>> submitConcurrently(
      QwenVlEngine e, List<EngineRequest> reqs, int threads) throws Exception {
    List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
    for (int i = 0; i < reqs.size(); i++) {
      futures.add(null);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        int start = t;
        pool.submit(
            () -> {
              for (int i = start; i < reqs.size(); i += threads) {
                futures.set(i, e.submit(reqs.get(i)));
              }
            });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    return futures;
  }

  @Test
  void finishedSequencesLeaveAndQueuedOnesJoinBetweenSteps() throws Exception {
    FakeBackend b = new FakeBackend();
    b.gate = new CountDownLatch(1);
    Random rnd = new Random(1);
    try (QwenVlEngine e = engine(b, small().withMaxBatchSequences(2), GREEDY)) {
      var longOne = e.submit(forced(request(rnd, 30, false)));
      var shortOne = e.submit(forced(request(rnd, 2, false)));
      var third = e.submit(forced(request(rnd, 5, false)));
      b.gate.countDown();
      assertThat(longOne.get(10, TimeUnit.SECONDS).tokenIds()).hasSize(30);
      assertThat(shortOne.get().finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(third.get().tokenIds()).hasSize(5);
    }
    // The third request took the short one's slot while the long one was still decoding: the
    // long one's 29 decode steps are all there is, 5 of them shared.
    int stepsWithTwo = 0;
    for (int[] step : b.decodeSlots) {
      assertThat(step.length).isLessThanOrEqualTo(2);
      stepsWithTwo += step.length == 2 ? 1 : 0;
    }
    assertThat(stepsWithTwo).isEqualTo(1 + 4);
    assertThat(b.decodeSlots).hasSize(29);
  }

  @Test
  void greedyWithARepetitionPenaltyNeedsNoLogitsRowOnTheHost() throws Exception {
    FakeBackend b = new FakeBackend();
    TokenSelector.Factory samplers = SamplerSelector.factory(FakeBackend.VOCAB);
    Random rnd = new Random(11);
    List<EngineRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int[] prompt = new int[3 + rnd.nextInt(8)];
      for (int k = 0; k < prompt.length; k++) {
        prompt[k] = rnd.nextInt(FakeBackend.VOCAB);
      }
      var config = new GenerationConfig(16, false, 1, 0, 1, 1.3, 0, new int[] {7, 11}, false);
      reqs.add(new EngineRequest(prompt, List.of(), config, null));
    }
    boolean penaltyChangedSomething = false;
    try (QwenVlEngine e = engine(b, small(), samplers)) {
      List<CompletableFuture<GenerationResult>> fs = new ArrayList<>();
      reqs.forEach(r -> fs.add(e.submit(r)));
      for (int i = 0; i < reqs.size(); i++) {
        int[] hostPenalty = FakeBackend.reference(reqs.get(i), samplers.open(reqs.get(i)));
        assertThat(fs.get(i).get(10, TimeUnit.SECONDS).tokenIds()).containsExactly(hostPenalty);
        int[] noPenalty = FakeBackend.reference(reqs.get(i), GREEDY.open(reqs.get(i)));
        penaltyChangedSomething |= !java.util.Arrays.equals(hostPenalty, noPenalty);
      }
    }
    assertThat(penaltyChangedSomething).as("the penalty changes some continuation").isTrue();
    assertThat(b.logitsRowsReturned).as("score rows copied to the host").isZero();
  }

  @Test
  void outOfMemorySplitsTheWorkAndRetries() throws Exception {
    FakeBackend b = new FakeBackend();
    b.prefillOom = n -> n > 1;
    b.decodeOom = n -> n > 2;
    // Hold the first prefill until every request is queued, so later admissions take several
    // requests at once whatever the thread timing (otherwise nothing may ever be large enough to
    // hit the simulated out-of-memory).
    b.gate = new CountDownLatch(1);
    Random rnd = new Random(7);
    List<EngineRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      reqs.add(request(rnd, 10, true));
    }
    try (QwenVlEngine e = engine(b, small(), GREEDY)) {
      List<CompletableFuture<GenerationResult>> fs = new ArrayList<>();
      reqs.forEach(r -> fs.add(e.submit(r)));
      assertThat(b.reachedGate.await(10, TimeUnit.SECONDS)).isTrue();
      b.gate.countDown();
      for (int i = 0; i < reqs.size(); i++) {
        assertThat(fs.get(i).get(10, TimeUnit.SECONDS).tokenIds())
            .containsExactly(FakeBackend.reference(reqs.get(i), GREEDY.open(reqs.get(i))));
      }
      assertThat(e.stats().oomSplits()).isPositive();
      assertThat(e.stats().failed()).isZero();
    }
    assertThat(b.prefillSizes).containsOnly(1);
    assertThat(b.decodeSlots).allSatisfy(s -> assertThat(s.length).isLessThanOrEqualTo(2));
  }

  @Test
  void theMemoryBudgetLimitsWhatOnePrefillTakes() throws Exception {
    FakeBackend b = new FakeBackend();
    b.gate = new CountDownLatch(1);
    Random rnd = new Random(17);
    // KV cache: 100 B x 4 slots x 128 = 51,200 B; each request's prefill: 10 B x (10 prompt
    // tokens + 16 patches) = 260 B, so a budget of 51,719 B admits one request per prefill.
    var opts = small().withMemoryBudgetBytes(51_719);
    try (QwenVlEngine e = engine(b, opts, GREEDY)) {
      var fs = new ArrayList<CompletableFuture<GenerationResult>>();
      for (int i = 0; i < 4; i++) {
        EngineRequest r = request(rnd, 3, false);
        VisionInput img =
            new VisionInput(
                VisionInput.Kind.IMAGE, new float[16 * 4], 1, 4, 4, 0, 56, 56, 56, 56, null);
        fs.add(e.submit(forced(new EngineRequest(new int[10], List.of(img), r.config(), null))));
      }
      b.gate.countDown();
      for (var f : fs) {
        assertThat(f.get(10, TimeUnit.SECONDS).tokenIds()).hasSize(3);
      }
    }
    assertThat(b.prefillSizes).containsOnly(1).hasSize(4);
  }

  @Test
  void aSingleSequenceThatDoesNotFitFailsAloneAndTheEngineGoesOn() throws Exception {
    FakeBackend b = new FakeBackend();
    b.prefillOom = n -> true;
    Random rnd = new Random(3);
    try (QwenVlEngine e = engine(b, small(), GREEDY)) {
      var failed = e.submit(request(rnd, 3, false));
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
          .hasMessageContaining("out of memory");
      b.prefillOom = n -> false;
      assertThat(e.submit(forced(request(rnd, 3, false))).get(10, TimeUnit.SECONDS).tokenIds())
          .hasSize(3);
      assertThat(e.stats().failed()).isEqualTo(1);
    }
  }

  @Test
  void aHostOutOfMemoryErrorFailsTheBatchButNotTheLane() throws Exception {
    FakeBackend b = new FakeBackend();
    b.decodeHostOom = n -> true;
    Random rnd = new Random(4);
    try (QwenVlEngine e = engine(b, small().withMaxBatchSequences(1), GREEDY)) {
      var failed = e.submit(forced(request(rnd, 5, false)));
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(OutOfMemoryError.class);
      b.decodeHostOom = n -> false;
      assertThat(e.submit(forced(request(rnd, 3, false))).get(10, TimeUnit.SECONDS).tokenIds())
          .hasSize(3);
    }
  }

  @Test
  void aCancelledRequestGivesItsSlotBackAtOnce() throws Exception {
    FakeBackend b = new FakeBackend();
    b.gate = new CountDownLatch(1);
    Random rnd = new Random(6);
    try (QwenVlEngine e = engine(b, small().withMaxBatchSequences(1), GREEDY)) {
      var cancelled = e.submit(forced(request(rnd, 100, false)));
      assertThat(b.reachedGate.await(10, TimeUnit.SECONDS)).isTrue(); // in its prefill
      var queued = e.submit(forced(request(rnd, 100, false)));
      var next = e.submit(forced(request(rnd, 3, false)));
      cancelled.cancel(false);
      queued.cancel(false);
      b.gate.countDown();
      assertThat(next.get(10, TimeUnit.SECONDS).tokenIds()).hasSize(3);
      synchronized (b) {
        assertThat(b.decodeSlots).hasSizeLessThan(10); // not the cancelled ones' 198 steps
      }
    }
  }

  @Test
  void submitBlocksOnAFullQueueUntilItsTimeout() throws Exception {
    FakeBackend b = new FakeBackend();
    b.gate = new CountDownLatch(1);
    Random rnd = new Random(5);
    var opts = small().withMaxBatchSequences(1).withQueueCapacity(1);
    try (QwenVlEngine e = engine(b, opts.withSubmitTimeout(Duration.ofMillis(200)), GREEDY)) {
      var first = e.submit(request(rnd, 2, false)); // taken by the lane, blocked in prefill
      assertThat(b.reachedGate.await(10, TimeUnit.SECONDS)).isTrue();
      var second = e.submit(request(rnd, 2, false)); // fills the queue
      long t0 = System.nanoTime();
      var third = e.submit(request(rnd, 2, false)); // waits, then times out
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(150_000_000L);
      assertThatThrownBy(third::join).hasCauseInstanceOf(TimeoutException.class);
      b.gate.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(second.get(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aPromptLongerThanTheSlotFailsWithTheNumbers() {
    FakeBackend b = new FakeBackend();
    try (QwenVlEngine e = engine(b, small().withKvCapacity(16), GREEDY)) {
      var f = e.submit(request(new Random(2), 10, false));
      assertThatThrownBy(f::join)
          .hasMessageContaining("kvCapacity is 16")
          .hasMessageContaining("maxNewTokens 10");
    }
  }

  @Test
  void streamingFormKeepsOrderWithABoundedWindow() {
    Random rnd = new Random(9);
    List<EngineRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      reqs.add(request(rnd, 1 + rnd.nextInt(8), i % 2 == 0));
    }
    try (QwenVlEngine e = engine(new FakeBackend(), small(), GREEDY)) {
      var it = e.generateAll(reqs.iterator(), 3);
      for (EngineRequest r : reqs) {
        assertThat(it.next().tokenIds()).containsExactly(FakeBackend.reference(r, GREEDY.open(r)));
      }
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void statsCountTokensAndPadding() throws Exception {
    Random rnd = new Random(11);
    List<EngineRequest> reqs = List.of(request(rnd, 4, true), request(rnd, 6, true));
    FakeBackend b = new FakeBackend();
    b.gate = new CountDownLatch(1);
    try (QwenVlEngine e = engine(b, small(), GREEDY)) {
      var fs = reqs.stream().map(e::submit).toList();
      b.gate.countDown();
      long out = 0;
      for (var f : fs) {
        out += f.get(10, TimeUnit.SECONDS).tokenIds().length;
      }
      EngineStats s = e.stats();
      int prompt = reqs.get(0).promptTokenIds().length + reqs.get(1).promptTokenIds().length;
      assertThat(s.promptTokens()).isEqualTo(prompt);
      assertThat(s.visualTokens())
          .isEqualTo(reqs.get(0).visionTokens(2) + reqs.get(1).visionTokens(2));
      assertThat(s.outputTokens()).isEqualTo(out);
      assertThat(s.paddedTokens()).isGreaterThanOrEqualTo(prompt);
      assertThat(s.paddingWastePercent()).isBetween(0.0, 100.0);
      assertThat(s.visionNanos()).isEqualTo(1000L * s.prefills());
    }
  }

  @Test
  void closeFailsWaitingRequestsAndFreesEveryBufferEvenAfterManyEngines() throws Exception {
    int before = FakeBackend.OPEN_BUFFERS.get();
    for (int i = 0; i < 50; i++) {
      FakeBackend b = new FakeBackend();
      QwenVlEngine e = new QwenVlEngine(List.of(b, new FakeBackend()), small(), GREEDY);
      b.gate = new CountDownLatch(1);
      var f = e.submit(forced(request(new Random(i), 50, false)));
      if (i % 2 == 0) {
        b.gate.countDown();
      }
      Thread closer = new Thread(e::close);
      closer.start();
      Thread.sleep(1);
      if (b.gate.getCount() > 0) {
        b.gate.countDown();
      }
      closer.join(10_000);
      assertThat(closer.isAlive()).isFalse();
      assertThat(f).isDone();
      assertThatThrownBy(() -> e.submit(request(new Random(1), 1, false)))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(FakeBackend.OPEN_BUFFERS.get()).isEqualTo(before);
  }

  @Test
  void severalLanesShareOneQueue() throws Exception {
    Random rnd = new Random(13);
    List<EngineRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      reqs.add(request(rnd, 1 + rnd.nextInt(10), i % 4 == 0));
    }
    FakeBackend a = new FakeBackend();
    FakeBackend c = new FakeBackend();
    try (QwenVlEngine e =
        new QwenVlEngine(List.of(a, c), small().withMaxBatchSequences(2), GREEDY)) {
      var fs = submitConcurrently(e, reqs, 3);
      for (int i = 0; i < reqs.size(); i++) {
        assertThat(fs.get(i).get(10, TimeUnit.SECONDS).tokenIds())
            .containsExactly(FakeBackend.reference(reqs.get(i), GREEDY.open(reqs.get(i))));
      }
      assertThat(e.stats().batchOccupancy()).isBetween(0.0, 1.0);
    }
    assertThat(a.prefillSizes.size() + c.prefillSizes.size()).isGreaterThan(1);
  }

  @Test
  void lanesThatLeaveNoRoomForActivationsAreNotStarted() throws Exception {
    int before = FakeBackend.OPEN_BUFFERS.get();
    FakeBackend first = new FakeBackend();
    FakeBackend tight = new FakeBackend();
    tight.totalBytes = 80L << 30;
    tight.freeBytes = 5L << 30; // below 15% of 80 GB
    FakeBackend third = new FakeBackend();
    try (QwenVlEngine e = new QwenVlEngine(List.of(first, tight, third), small(), GREEDY)) {
      assertThat(e.laneCount()).isEqualTo(1);
      assertThat(FakeBackend.OPEN_BUFFERS.get()).isEqualTo(before + 1);
      EngineRequest r = request(new Random(5), 6, false);
      assertThat(e.submit(r).get(10, TimeUnit.SECONDS).tokenIds())
          .containsExactly(FakeBackend.reference(r, GREEDY.open(r)));
    }
    assertThat(FakeBackend.OPEN_BUFFERS.get()).isEqualTo(before);

    FakeBackend roomy = new FakeBackend();
    roomy.totalBytes = 80L << 30;
    roomy.freeBytes = 20L << 30;
    FakeBackend full = new FakeBackend();
    full.allocateOom = true;
    try (QwenVlEngine e =
        new QwenVlEngine(List.of(new FakeBackend(), roomy, full), small(), GREEDY)) {
      assertThat(e.laneCount()).isEqualTo(2);
    }
    FakeBackend firstFails = new FakeBackend();
    firstFails.allocateOom = true;
    assertThatThrownBy(() -> new QwenVlEngine(List.of(firstFails), small(), GREEDY))
        .hasMessageContaining("out of memory");
    assertThat(FakeBackend.OPEN_BUFFERS.get()).isEqualTo(before);
    assertThat(QwenVlEngine.activationReserve(0)).isEqualTo(2L << 30);
    assertThat(QwenVlEngine.activationReserve(140L << 30)).isEqualTo((140L << 30) / 100 * 15);
  }
}
