package io.sparkqwenvl.engine;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** One request in flight: its slot, generated ids and future. Owned by one scheduler thread. */
final class Sequence {
  final EngineRequest request;
  final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
  final int mergeSize;
  private TokenSelector selector;
  private final int[] generated; // [maxNewTokens]
  private int count;
  int slot = -1;
  long visionNanos;
  long prefillNanos;
  private long decodeStart;

  Sequence(EngineRequest request, int mergeSize) {
    this.request = request;
    this.mergeSize = mergeSize;
    this.generated = new int[request.config().maxNewTokens()];
  }

  void open(TokenSelector.Factory factory) {
    selector = factory.open(request);
  }

  boolean wantLogits() {
    return !selector.argmaxSuffices();
  }

  /** Ids the device penalizes before its argmax for this sequence, or null. */
  int[] penaltyIds() {
    return selector.devicePenaltyIds();
  }

  float penalty() {
    return selector.devicePenalty();
  }

  int promptLength() {
    return request.promptTokenIds().length;
  }

  /** Vision patches (before merging) this request sends through the vision tower. */
  int patches() {
    int n = 0;
    for (var v : request.vision()) {
      n += v.patchCount();
    }
    return n;
  }

  /** Prompt plus the most tokens it may generate: what its KV slot must hold. */
  int kvNeed() {
    return promptLength() + generated.length;
  }

  /** Token fed to the next decode step (the last one chosen). */
  int lastToken() {
    return generated[count - 1];
  }

  /**
   * Chooses the next token from a score row and applies it.
   *
   * @return why the sequence ended, or null when it goes on
   */
  FinishReason advance(float[] logits, int argmax) {
    if (decodeStart == 0) {
      decodeStart = System.nanoTime();
    }
    int token = selector.select(logits, argmax, generated.length - count);
    GenerationConfig config = request.config();
    if (config.isStop(token)) {
      return FinishReason.STOP;
    }
    generated[count++] = token;
    var constraint = request.constraint();
    if (constraint != null && constraint.isComplete()) {
      return FinishReason.CONSTRAINT_COMPLETE;
    }
    return count == generated.length ? FinishReason.LENGTH : null;
  }

  int generatedCount() {
    return count;
  }

  void complete(FinishReason reason) {
    long decode = decodeStart == 0 ? 0 : System.nanoTime() - decodeStart;
    future.complete(
        new GenerationResult(
            Arrays.copyOf(generated, count),
            reason,
            promptLength(),
            visionNanos,
            prefillNanos,
            decode));
  }
}
