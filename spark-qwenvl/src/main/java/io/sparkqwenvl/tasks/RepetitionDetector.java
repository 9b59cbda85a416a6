package io.sparkqwenvl.tasks;

/**
 * Finds n-gram loops at the tail of a token sequence: the last {@code n} tokens (1 <= n <= {@code
 * maxNgram}) repeated back to back at least {@code minRepeats} times, covering at least {@code
 * minSpan} tokens (so a legitimate run such as a row of dashes of a few tokens is not a loop).
 *
 * <p>Incremental use during decoding: {@link #push} each token, O(maxNgram) per token. Post-hoc:
 * {@link #loopStart} / {@link #trim}.
 */
public final class RepetitionDetector {

  private final int maxNgram;
  private final int minRepeats;
  private final int minSpan;
  private int[] history = new int[64];
  private int length;
  private final int[] run; // [maxNgram + 1] run[n]: consecutive i with tok[i] == tok[i - n]
  private boolean detected;

  /** Defaults: n-grams of 1..16 tokens, 4 repeats, 32 tokens of span. */
  public RepetitionDetector() {
    this(16, 4, 32);
  }

  public RepetitionDetector(int maxNgram, int minRepeats, int minSpan) {
    if (maxNgram < 1 || minRepeats < 2 || minSpan < 2) {
      throw new IllegalArgumentException(
          "need maxNgram >= 1, minRepeats >= 2, minSpan >= 2; got "
              + maxNgram
              + ", "
              + minRepeats
              + ", "
              + minSpan);
    }
    this.maxNgram = maxNgram;
    this.minRepeats = minRepeats;
    this.minSpan = minSpan;
    this.run = new int[maxNgram + 1];
  }

  /** Appends a token; returns true once the tail is a loop (and stays true). */
  public boolean push(int token) {
    if (length == history.length) {
      history = java.util.Arrays.copyOf(history, length * 2);
    }
    history[length] = token;
    for (int n = 1; n <= maxNgram; n++) {
      boolean same = length >= n && history[length - n] == token;
      run[n] = same ? run[n] + 1 : 0;
      int span = run[n] + n;
      if (same && span >= minSpan && span / n >= minRepeats) {
        detected = true;
      }
    }
    length++;
    return detected;
  }

  public boolean detected() {
    return detected;
  }

  /**
   * Index where the looping tail of {@code tokens[0, len)} starts to repeat (just after the first
   * copy of the repeated n-gram), or -1 when the tail is not a loop.
   */
  public static int loopStart(int[] tokens, int len, int maxNgram, int minRepeats, int minSpan) {
    int best = -1;
    for (int n = 1; n <= maxNgram && n < len; n++) {
      int r = 0;
      while (len - 1 - r - n >= 0 && tokens[len - 1 - r] == tokens[len - 1 - r - n]) {
        r++;
      }
      int span = r + n;
      if (span >= minSpan && span / n >= minRepeats) {
        int start = len - span + n; // keep one copy of the unit
        best = best < 0 ? start : Math.min(best, start);
      }
    }
    return best;
  }

  /** {@code tokens} with a looping tail cut to a single copy of its unit (defaults as above). */
  public static int[] trim(int[] tokens) {
    int start = loopStart(tokens, tokens.length, 16, 4, 32);
    return start < 0 ? tokens : java.util.Arrays.copyOf(tokens, start);
  }
}
