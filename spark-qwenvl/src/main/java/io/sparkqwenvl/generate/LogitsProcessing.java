package io.sparkqwenvl.generate;

import java.util.Arrays;

/**
 * The reference's logits pipeline on one float32 row, in place, with transformers' semantics:
 * repetition penalty over every distinct id seen (prompt included), constraint mask, temperature,
 * top-k (ties with the k-th value kept), top-p (smallest set whose mass exceeds p, at least one
 * token), then argmax or a draw.
 */
public final class LogitsProcessing {

  private LogitsProcessing() {}

  /** {@code l < 0 ? l * p : l / p} (float32 arithmetic) on every id in {@code seen}. */
  public static void repetitionPenalty(float[] logits, int[] seen, int count, double penalty) {
    if (penalty == 1.0) {
      return;
    }
    float p = (float) penalty;
    for (int i = 0; i < count; i++) {
      int id = seen[i];
      if (id >= 0 && id < logits.length) {
        float l = logits[id];
        logits[id] = l < 0 ? l * p : l / p;
      }
    }
  }

  /** Sets every logit not allowed by the bit set to -inf (ids beyond the set are disallowed). */
  public static void mask(float[] logits, long[] allowed) {
    for (int t = 0; t < logits.length; t++) {
      int w = t >>> 6;
      if (w >= allowed.length || (allowed[w] & (1L << (t & 63))) == 0) {
        logits[t] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  /** Divides by the temperature (float32). */
  public static void temperature(float[] logits, double temperature) {
    if (temperature == 1.0) {
      return;
    }
    float t = (float) temperature;
    for (int i = 0; i < logits.length; i++) {
      logits[i] = logits[i] / t;
    }
  }

  /** Keeps logits >= the k-th largest; others -inf. k = 0 disables. */
  public static void topK(float[] logits, int k) {
    if (k <= 0 || k >= logits.length) {
      return;
    }
    float[] sorted = logits.clone();
    Arrays.sort(sorted);
    float kth = sorted[sorted.length - k];
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] < kth) {
        logits[i] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  /**
   * Nucleus filter as transformers' TopPLogitsWarper: sort ascending, remove tokens whose
   * cumulative probability is <= 1 - p, always keep the most likely.
   */
  public static void topP(float[] logits, double topP) {
    if (topP >= 1.0) {
      return;
    }
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(logits[a], logits[b]));
    double[] probs = softmax(logits);
    double cum = 0;
    double limit = 1 - topP;
    for (int r = 0; r < order.length - 1; r++) {
      cum += probs[order[r]];
      if (cum <= limit) {
        logits[order[r]] = Float.NEGATIVE_INFINITY;
      } else {
        break;
      }
    }
  }

  /** Softmax in double precision. */
  public static double[] softmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Index of the first largest value. */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Draws an index from softmax(logits) with a uniform u in [0, 1). */
  public static int sample(float[] logits, double u) {
    double[] p = softmax(logits);
    double cum = 0;
    int last = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        cum += p[i];
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }
}
