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
   * MRoPE tables for tokens with 3-row positions.
   *
   * @param pos [3][n] positions (t, h, w)
   * @return {cos, sinSigned}, each [n * headDim] row-major
   */
  static float[][] mrope(long[][] pos, int n, int headDim, double theta, int[] section) {
    float[] inv = invFreq(theta, headDim);
    int half = headDim / 2;
    int[] axisOf = new int[half];
    for (int j = 0; j < half; j++) {
      axisOf[j] = j < section[0] ? 0 : j < section[0] + section[1] ? 1 : 2;
    }
    float[] cos = new float[n * headDim];
    float[] sin = new float[n * headDim];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < half; j++) {
        float f = (float) pos[axisOf[j]][t] * inv[j];
        float c = (float) Math.cos(f);
        float s = (float) Math.sin(f);
        cos[t * headDim + j] = c;
        cos[t * headDim + half + j] = c;
        sin[t * headDim + j] = -s;
        sin[t * headDim + half + j] = s;
      }
    }
    return new float[][] {cos, sin};
  }

  /**
   * Vision 2-D tables: for patch r with in-frame row hpos and column wpos, θ = [hpos·inv, wpos·inv]
   * (inv over head_dim/2 with base 10000), emb = [θ, θ].
   *
   * @param hpos [N] patch rows, wpos [N] patch columns (already in the order used on device)
   * @return {cos, sinSigned}, each [N * headDim]
   */
  static float[][] vision(int[] hpos, int[] wpos, int headDim) {
    int quarter = headDim / 4;
    int half = headDim / 2;
    float[] inv = invFreq(10000.0, half);
    int n = hpos.length;
    float[] cos = new float[n * headDim];
    float[] sin = new float[n * headDim];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < half; j++) {
        float f = j < quarter ? (float) hpos[r] * inv[j] : (float) wpos[r] * inv[j - quarter];
        float c = (float) Math.cos(f);
        float s = (float) Math.sin(f);
        cos[r * headDim + j] = c;
        cos[r * headDim + half + j] = c;
        sin[r * headDim + j] = -s;
        sin[r * headDim + half + j] = s;
      }
    }
    return new float[][] {cos, sin};
  }
}
