package io.sparkqwenvl.engine;

/**
 * Chooses the next tokens of one sequence from raw next-token scores: repetition penalty,
 * constraint mask, temperature/top-k/top-p and the draw, with the request's own settings and seed.
 * One instance per sequence; it keeps the sequence's history and random state.
 */
public interface TokenSelector {

  /**
   * True when the argmax is always the answer (greedy, no constraint) — of the raw scores, or of
   * the scores after the device applied {@link #devicePenaltyIds()} — so the device may return only
   * the argmax instead of a whole vocabulary row.
   */
  boolean argmaxSuffices();

  /**
   * Distinct ids the device must penalize with {@link #devicePenalty()} before its argmax for
   * {@link #argmaxSuffices()} to hold; null when no penalty applies.
   */
  default int[] devicePenaltyIds() {
    return null;
  }

  /** The repetition penalty for {@link #devicePenaltyIds()}. */
  default float devicePenalty() {
    return 1f;
  }

  /**
   * Chooses the next token and records it: in the penalty history and, unless it is a stop token,
   * in the request's {@link io.sparkqwenvl.generate.TokenConstraint} ({@code accept}); the engine
   * then ends the sequence on a stop token, a complete constraint or maxNewTokens.
   *
   * @param logits raw scores [vocab]; null only when {@link #argmaxSuffices()}
   * @param argmax index of the largest score (after the device penalty, if any)
   * @param remainingTokens tokens this sequence may still generate, this one included
   */
  int select(float[] logits, int argmax, int remainingTokens);

  /** Creates the selector of each request. */
  @FunctionalInterface
  interface Factory {
    TokenSelector open(EngineRequest request);
  }
}
