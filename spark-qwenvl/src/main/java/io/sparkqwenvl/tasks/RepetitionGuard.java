package io.sparkqwenvl.tasks;

import io.sparkqwenvl.generate.TokenConstraint;
import io.sparkqwenvl.tasks.grammar.JsonConstraint;
import java.util.Arrays;

/**
 * A {@link TokenConstraint} that stops a looping sequence early: it allows what the wrapped
 * constraint allows (everything when there is none) until {@link RepetitionDetector} sees a loop,
 * then only the stop tokens, or, around a JSON grammar, only the tokens that close the value by its
 * shortest completion (so a cut EXTRACT answer still parses).
 */
public final class RepetitionGuard implements TokenConstraint {

  private final TokenConstraint inner;
  private final RepetitionDetector detector;
  private final long[] all; // [words] every id of the vocabulary
  private final long[] stops; // [words] the stop tokens

  /**
   * @param inner constraint to wrap, or null
   * @param vocabSize ids the model can emit
   * @param stopTokens stop token ids
   * @param detector loop detector (fresh per sequence)
   */
  public RepetitionGuard(
      TokenConstraint inner, int vocabSize, int[] stopTokens, RepetitionDetector detector) {
    this.inner = inner;
    this.detector = detector;
    int size = vocabSize;
    for (int t : stopTokens) {
      size = Math.max(size, t + 1);
    }
    int words = (size + 63) >>> 6;
    this.all = new long[words];
    Arrays.fill(all, 0, vocabSize >>> 6, -1L);
    if ((vocabSize & 63) != 0) {
      all[vocabSize >>> 6] = (1L << (vocabSize & 63)) - 1;
    }
    this.stops = new long[words];
    for (int t : stopTokens) {
      stops[t >>> 6] |= 1L << t;
      all[t >>> 6] |= 1L << t;
    }
  }

  @Override
  public long[] allowedTokens(int remainingTokens) {
    if (!detector.detected()) {
      return inner == null ? all : inner.allowedTokens(remainingTokens);
    }
    if (inner == null || inner.isComplete()) {
      return inner == null ? stops : inner.allowedTokens(remainingTokens);
    }
    if (inner instanceof JsonConstraint json) {
      return json.allowedTokens(Math.max(1, Math.min(remainingTokens, json.tokensToClose())));
    }
    return inner.allowedTokens(remainingTokens);
  }

  @Override
  public void accept(int tokenId) {
    if (inner != null) {
      inner.accept(tokenId);
    }
    detector.push(tokenId);
  }

  @Override
  public boolean isComplete() {
    return inner == null ? detector.detected() : inner.isComplete();
  }

  /** True once a loop was detected. */
  public boolean repetitionDetected() {
    return detector.detected();
  }
}
