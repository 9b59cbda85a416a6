package io.sparkqwenvl.model;

/**
 * Host-side rotary tables in float32, computed like the reference ({@code inv_freq} in float32,
 * position × inv_freq as a float32 product, cos/sin of that). The sine table is sign-adjusted so
 * that {@code rotate_half(x)·sin == x[perm]·sinSigned} with {@code perm[i] = (i + d/2) mod d}: the
 * device applies RoPE with one gather, two multiplies and an add.
 */
final class RotaryTables {

  private RotaryTables() {}

  /** inv_freq[j] = 1 / base^(float(2j)/dim) for j in [0, dim/2), in float32. */
  static float[] invFreq(double base, int dim) {
    float[] f = new float[dim / 2];
    for (int j = 0; j < f.length; j++) {
      float e = (float) (2 * j) / (float) dim;
      f[j] = 1.0f / (float) Math.pow(base, e);
    }
    return f;
  }

  /** perm[i] = (i + d/2) mod d. */
  static long[] rotatePerm(int d) {
    long[] p = new long[d];
    for (int i = 0; i < d; i++) {
      p[i] = (i + d / 2) % d;
    }
    return p;
  }

  /**
   * MRoPE tables for tokens with 3-row positions. cos/sin are computed once per distinct position
   * of each axis when positions repeat (a prefill: n tokens over a few hundred positions), which
   * gives the same floats as computing every entry.
   *
   * @param pos [3][n] positions (t, h, w)
   * @return {cos, sinSigned}, each [n * headDim] row-major
   */
  static float[][] mrope(long[][] pos, int n, int headDim, double theta, int[] section) {
    float[] inv = invFreq(theta, headDim);
    int half = headDim / 2;
    float[] cos = new float[n * headDim];
    float[] sin = new float[n * headDim];
    int from = 0;
    for (int axis = 0; axis < 3 && from < half; axis++) {
      int to = axis == 2 ? half : Math.min(half, from + section[axis]); // t, h, then w to the end
      fill(pos[axis], n, inv, from, to, headDim, cos, sin);
      from = to;
    }
    return new float[][] {cos, sin};
  }

  /**
   * Vision 2-D tables: for patch r with in-frame row hpos and column wpos, θ = [hpos·inv, wpos·inv]
   * (inv over head_dim/2 with base 10000), emb = [θ, θ]. Computed once per distinct row and column.
   *
   * @param hpos [N] patch rows, wpos [N] patch columns (already in the order used on device)
   * @return {cos, sinSigned}, each [N * headDim]
   */
  static float[][] vision(int[] hpos, int[] wpos, int headDim) {
    int quarter = headDim / 4;
    int half = headDim / 2;
    float[] inv = invFreq(10000.0, half);
    float[] shifted = new float[half]; // columns j in [quarter, half) use inv[j - quarter]
    System.arraycopy(inv, 0, shifted, 0, quarter);
    System.arraycopy(inv, 0, shifted, quarter, half - quarter);
    int n = hpos.length;
    float[] cos = new float[n * headDim];
    float[] sin = new float[n * headDim];
    fill(toLong(hpos), n, shifted, 0, quarter, headDim, cos, sin);
    fill(toLong(wpos), n, shifted, quarter, half, headDim, cos, sin);
    return new float[][] {cos, sin};
  }

  /**
   * Writes columns [from, to) of each row r: f = (float) pos[r] · inv[j], cos(f) at j and j + d/2,
   * -sin(f) at j and +sin(f) at j + d/2. When the positions span fewer values than there are rows,
   * each distinct position is computed once and copied.
   */
  private static void fill(
      long[] pos, int n, float[] inv, int from, int to, int d, float[] cos, float[] sin) {
    int half = d / 2;
    int w = to - from;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int r = 0; r < n; r++) {
      min = Math.min(min, pos[r]);
      max = Math.max(max, pos[r]);
    }
    boolean memo = n > 0 && max - min + 1 < n;
    int span = memo ? (int) (max - min + 1) : 0;
    float[] c = new float[span * w];
    float[] s = new float[span * w];
    boolean[] done = new boolean[span];
    float[] rc = new float[w];
    float[] rs = new float[w];
    for (int r = 0; r < n; r++) {
      int k = memo ? (int) (pos[r] - min) : -1;
      if (!memo || !done[k]) {
        for (int j = 0; j < w; j++) {
          float f = (float) pos[r] * inv[from + j];
          rc[j] = (float) Math.cos(f);
          rs[j] = (float) Math.sin(f);
        }
        if (memo) {
          System.arraycopy(rc, 0, c, k * w, w);
          System.arraycopy(rs, 0, s, k * w, w);
          done[k] = true;
        }
      } else {
        System.arraycopy(c, k * w, rc, 0, w);
        System.arraycopy(s, k * w, rs, 0, w);
      }
      int row = r * d;
      System.arraycopy(rc, 0, cos, row + from, w);
      System.arraycopy(rc, 0, cos, row + half + from, w);
      System.arraycopy(rs, 0, sin, row + half + from, w);
      for (int j = 0; j < w; j++) {
        sin[row + from + j] = -rs[j];
      }
    }
  }

  private static long[] toLong(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }
}
