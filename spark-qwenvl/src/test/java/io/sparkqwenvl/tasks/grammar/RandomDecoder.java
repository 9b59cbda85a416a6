package io.sparkqwenvl.tasks.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.prompt.TokenVocabulary;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test driver: decodes under a constraint with random logits (argmax of noise under the mask). */
final class RandomDecoder {

  /** Output text, whether it finished by the constraint, and the tokens generated. */
  record Run(String text, boolean complete, int tokens) {}

  private RandomDecoder() {}

  static Run run(JsonGrammar g, TokenVocabulary vocab, long seed, int maxNewTokens, int[] stops) {
    Random rnd = new Random(seed);
    JsonConstraint c = g.newConstraint();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = 0;
    for (; n < maxNewTokens; n++) {
      long[] mask = c.allowedTokens(maxNewTokens - n);
      int count = 0;
      for (long w : mask) {
        count += Long.bitCount(w);
      }
      assertThat(count).as("allowed tokens at step %d of seed %d", n, seed).isPositive();
      for (int s : stops) {
        boolean allowed = (mask[s >>> 6] & (1L << s)) != 0;
        assertThat(allowed).as("stop allowed iff complete").isEqualTo(c.isComplete());
      }
      int pick = pick(mask, count, rnd);
      boolean stop = false;
      for (int s : stops) {
        stop |= s == pick;
      }
      if (stop) {
        break;
      }
      c.accept(pick);
      out.writeBytes(vocab.tokenBytes(pick));
    }
    return new Run(out.toString(StandardCharsets.UTF_8), c.isComplete(), n);
  }

  private static int pick(long[] mask, int count, Random rnd) {
    return nthAllowed(mask, rnd.nextInt(count));
  }

  /** The id of the {@code k}-th (0-based) set bit of {@code mask} (64 token ids per word). */
  static int nthAllowed(long[] mask, int k) {
    for (int w = 0; w < mask.length; w++) {
      int bits = Long.bitCount(mask[w]);
      if (k < bits) {
        long m = mask[w];
        for (int j = 0; j < k; j++) {
          m &= m - 1;
        }
        return (w << 6) + Long.numberOfTrailingZeros(m);
      }
      k -= bits;
    }
    throw new IllegalStateException("the mask has fewer set bits than asked for");
  }
}
