package io.sparkqwenvl.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the tokens of one sequence: keeps its history (distinct ids for the repetition penalty,
 * prompt included), its constraint and its own seeded random stream, so a sequence's output does
 * not depend on what else is in the batch. {@link #select} records the chosen token.
 */
public final class Sampler {

  private final GenerationConfig config;
  private final TokenConstraint constraint;
  private final SplittableRandom random;
  private final boolean[] seenFlags; // grows as needed
  private int[] seen = new int[64]; // distinct ids of the sequence so far
  private int seenCount;

  /**
   * @param config the request's settings
   * @param constraint optional (may be null)
   * @param promptIds prompt ids (seed the penalty history)
   * @param vocab logits row length
   */
  public Sampler(GenerationConfig config, TokenConstraint constraint, int[] promptIds, int vocab) {
    this.config = config;
    this.constraint = constraint;
    this.random = new SplittableRandom(config.seed());
    this.seenFlags = new boolean[vocab];
    for (int id : promptIds) {
      remember(id);
    }
  }

  /** True when the raw argmax is always the choice (no penalty, no constraint, greedy). */
  public boolean argmaxSuffices() {
    return !config.doSample() && config.repetitionPenalty() == 1.0 && constraint == null;
  }

  /**
   * True when the argmax after the repetition penalty is the choice (greedy, no constraint): the
   * device can apply the penalty ({@link #penaltyIds()}, {@link #penalty()}) and return that
   * argmax, with no logits row on the host.
   */
  public boolean penalizedArgmaxSuffices() {
    return !config.doSample() && constraint == null;
  }

  /** Distinct ids seen so far (prompt and chosen tokens), for a device-side penalty. */
  public int[] penaltyIds() {
    return Arrays.copyOf(seen, seenCount);
  }

  /** The repetition penalty as float32. */
  public float penalty() {
    return (float) config.repetitionPenalty();
  }

  /**
   * Chooses and records the next token.
   *
   * @param logits raw float32 row (modified in place); may be null when {@link
   *     #penalizedArgmaxSuffices()}
   * @param argmax argmax of the row after the repetition penalty (the raw argmax when the penalty
   *     is 1)
   * @param remainingTokens tokens the sequence may still generate, this one included
   */
  public int select(float[] logits, int argmax, int remainingTokens) {
    int token;
    if (logits == null) {
      if (!penalizedArgmaxSuffices()) {
        throw new IllegalArgumentException("a logits row is needed for " + config);
      }
      token = argmax;
    } else {
      LogitsProcessing.repetitionPenalty(logits, seen, seenCount, config.repetitionPenalty());
      if (constraint != null) {
        LogitsProcessing.mask(logits, constraint.allowedTokens(remainingTokens));
      }
      if (config.doSample()) {
        LogitsProcessing.temperature(logits, config.temperature());
        LogitsProcessing.topK(logits, config.topK());
        LogitsProcessing.topP(logits, config.topP());
        token = LogitsProcessing.sample(logits, random.nextDouble());
      } else {
        token = LogitsProcessing.argmax(logits);
      }
    }
    remember(token);
    if (constraint != null && !config.isStop(token)) {
      constraint.accept(token);
    }
    return token;
  }

  /** True when the constraint reached a complete value. */
  public boolean constraintComplete() {
    return constraint != null && constraint.isComplete();
  }

  private void remember(int id) {
    if (id < 0 || id >= seenFlags.length || seenFlags[id]) {
      return;
    }
    seenFlags[id] = true;
    if (seenCount == seen.length) {
      seen = Arrays.copyOf(seen, seenCount * 2);
    }
    seen[seenCount++] = id;
  }
}
