package io.sparkqwenvl.generate;

/**
 * A stateful, per-sequence restriction of the next token (constrained decoding). The decoder asks
 * for the allowed set before choosing each token, masks every other logit to -inf (after the
 * repetition penalty, before temperature/top-k/top-p or argmax), then reports the chosen token.
 *
 * <p>Contract: the returned set is never empty; stop tokens are in it only when {@link
 * #isComplete()} is true; given {@code remainingTokens} (including the one being chosen) the set
 * only holds tokens from which a complete value can still be reached within that budget, so a
 * constrained output always parses.
 */
public interface TokenConstraint {

  /**
   * Allowed next tokens as a bit set over the vocabulary: token t is allowed iff bit {@code t & 63}
   * of word {@code t >>> 6} is set. The array may be shared and must not be modified by callers.
   *
   * @param remainingTokens tokens the sequence may still generate, including this one
   */
  long[] allowedTokens(int remainingTokens);

  /** Advances the state with the chosen token. */
  void accept(int tokenId);

  /** True when the text so far is a complete value and generation should end. */
  boolean isComplete();
}
