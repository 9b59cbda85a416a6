package io.sparkqwenvl.preprocess;

/**
 * Separable antialiased bicubic resampling of interleaved uint8 images in integer fixed point, as
 * PIL's {@code ImagingResample} does it: a horizontal pass into a uint8 buffer, then a vertical
 * pass; Keys cubic a = -0.5 widened by the scale when downscaling; weights normalized to sum 1,
 * rounded half away from zero to 22 fractional bits; accumulator seeded with 2^21, shifted and
 * clamped to [0, 255].
 */
final class SeparableResampler {

  private static final double A = -0.5;
  private static final int PRECISION_BITS = 22;
  private static final double SUPPORT = 2.0;

  private SeparableResampler() {}

  /**
   * Resizes an interleaved image.
   *
   * @param src row-major [inH, inW, channels] uint8
   * @return row-major [outH, outW, channels] uint8 (a copy when the size is unchanged)
   */
  static byte[] resize(byte[] src, int inW, int inH, int channels, int outW, int outH) {
    if (src.length != (long) inW * inH * channels) {
      throw new IllegalArgumentException(
          "buffer of " + src.length + " bytes is not " + inW + "x" + inH + "x" + channels);
    }
    byte[] cur = src;
    int curW = inW;
    if (outW != inW) {
      Coeffs cx = Coeffs.of(inW, outW);
      cur = horizontal(cur, curW, inH, channels, cx);
      curW = outW;
    }
    if (outH != inH) {
      Coeffs cy = Coeffs.of(inH, outH);
      cur = vertical(cur, curW, inH, channels, cy);
    }
    return cur == src ? src.clone() : cur;
  }

  private static byte[] horizontal(byte[] in, int inW, int h, int ch, Coeffs c) {
    int outW = c.bounds.length / 2;
    byte[] out = new byte[outW * h * ch]; // [h, outW, ch]
    long half = 1L << (c.bits - 1);
    for (int y = 0; y < h; y++) {
      int rowIn = y * inW * ch;
      int rowOut = y * outW * ch;
      for (int x = 0; x < outW; x++) {
        int xmin = c.bounds[2 * x];
        int n = c.bounds[2 * x + 1];
        int kOff = x * c.ksize;
        for (int k = 0; k < ch; k++) {
          long acc = half;
          int p = rowIn + xmin * ch + k;
          for (int j = 0; j < n; j++, p += ch) {
            acc += (in[p] & 0xff) * (long) c.weights[kOff + j];
          }
          out[rowOut + x * ch + k] = clip(acc >> c.bits);
        }
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int w, int inH, int ch, Coeffs c) {
    int outH = c.bounds.length / 2;
    int stride = w * ch;
    byte[] out = new byte[outH * stride]; // [outH, w, ch]
    long[] acc = new long[stride]; // one output row
    long half = 1L << (c.bits - 1);
    for (int y = 0; y < outH; y++) {
      int ymin = c.bounds[2 * y];
      int n = c.bounds[2 * y + 1];
      java.util.Arrays.fill(acc, half);
      for (int j = 0; j < n; j++) {
        long k = c.weights[y * c.ksize + j];
        int row = (ymin + j) * stride;
        for (int i = 0; i < stride; i++) {
          acc[i] += (in[row + i] & 0xff) * k;
        }
      }
      for (int i = 0; i < stride; i++) {
        out[y * stride + i] = clip(acc[i] >> c.bits);
      }
    }
    return out;
  }

  private static byte clip(long v) {
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
  }

  static double cubic(double x) {
    x = Math.abs(x);
    if (x < 1.0) {
      return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0.0;
  }

  /** Per-output-index source window and fixed-point weights for one axis. */
  private record Coeffs(int[] bounds, int[] weights, int ksize, int bits) {

    static Coeffs of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[2 * outSize]; // [outSize, (xmin, count)]
      double[] kk = new double[outSize * ksize]; // [outSize, ksize]
      double ss = 1.0 / filterScale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        xmax = Math.max(0, Math.min(xmax, ksize));
        double ww = 0;
        for (int x = 0; x < xmax; x++) {
          double w = cubic((x + xmin - center + 0.5) * ss);
          kk[xx * ksize + x] = w;
          ww += w;
        }
        for (int x = 0; x < xmax; x++) {
          if (ww != 0.0) {
            kk[xx * ksize + x] /= ww;
          }
        }
        bounds[2 * xx] = xmin;
        bounds[2 * xx + 1] = xmax;
      }
      int bits = PRECISION_BITS;
      int[] weights = new int[kk.length];
      double one = (double) (1 << bits);
      for (int i = 0; i < kk.length; i++) {
        double v = kk[i] * one;
        weights[i] = v < 0 ? (int) (-0.5 + v) : (int) (0.5 + v);
      }
      return new Coeffs(bounds, weights, ksize, bits);
    }
  }
}
