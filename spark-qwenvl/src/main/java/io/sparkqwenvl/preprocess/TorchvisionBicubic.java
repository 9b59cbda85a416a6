package io.sparkqwenvl.preprocess;

/**
 * torchvision's v1 {@code transforms.functional.resize(uint8 tensor, size, BICUBIC,
 * antialias=True)}, which qwen-vl-utils applies to video frames: the tensor is cast to float32,
 * resized by torch's separable antialias kernel (horizontal pass, then vertical, Keys cubic a =
 * -0.5 widened by the scale when downscaling, weights and sums in float32 with no rounding between
 * the passes), clamped to [0, 255] and rounded half to even. Multiply-adds are fused ({@link
 * Math#fma}) as the x86-64 AVX2 build of torch compiles them (GCC contracts {@code a * b + c});
 * without fusing, about 1 value in 25,000 is one level off. This differs from {@link PilBicubic}
 * (integer arithmetic, uint8 between passes) by one level at times.
 */
public final class TorchvisionBicubic {

  private static final float A = -0.5f;

  private TorchvisionBicubic() {}

  /**
   * @param rgb row-major [height, width, channels] uint8
   * @return row-major [outHeight, outWidth, channels] uint8 (a copy when the size is unchanged)
   */
  public static byte[] resize(
      byte[] rgb, int width, int height, int channels, int outWidth, int outHeight) {
    if (rgb.length != (long) width * height * channels) {
      throw new IllegalArgumentException(
          "buffer of " + rgb.length + " bytes is not " + width + "x" + height + "x" + channels);
    }
    if (width == outWidth && height == outHeight) {
      return rgb.clone();
    }
    float[] cur = new float[rgb.length]; // [height, width, channels]
    for (int i = 0; i < rgb.length; i++) {
      cur[i] = rgb[i] & 0xff;
    }
    if (outWidth != width) {
      cur = pass(cur, height, width, channels, outWidth, true);
    }
    if (outHeight != height) {
      cur = pass(cur, outWidth, height, channels, outHeight, false);
    }
    byte[] out = new byte[cur.length]; // [outHeight, outWidth, channels]
    for (int i = 0; i < cur.length; i++) {
      float v = Math.min(Math.max(cur[i], 0f), 255f);
      out[i] = (byte) (int) Math.rint(v);
    }
    return out;
  }

  /**
   * One axis. Horizontal: in [lines, inSize, ch] → [lines, outSize, ch]; vertical: in [inSize,
   * lines, ch] → [outSize, lines, ch] (lines = the other dimension).
   */
  private static float[] pass(
      float[] in, int lines, int inSize, int ch, int outSize, boolean horizontal) {
    Window win = Window.of(inSize, outSize);
    float[] out = new float[lines * outSize * ch];
    for (int l = 0; l < lines; l++) {
      for (int o = 0; o < outSize; o++) {
        int xmin = win.xmin[o];
        int n = win.size[o];
        int wOff = o * win.ksize;
        for (int c = 0; c < ch; c++) {
          int step = horizontal ? ch : lines * ch;
          int p = horizontal ? (l * inSize + xmin) * ch + c : (xmin * lines + l) * ch + c;
          float acc = in[p] * win.weights[wOff];
          for (int j = 1; j < n; j++) {
            p += step;
            acc = Math.fma(in[p], win.weights[wOff + j], acc);
          }
          int q = horizontal ? (l * outSize + o) * ch + c : (o * lines + l) * ch + c;
          out[q] = acc;
        }
      }
    }
    return out;
  }

  static float cubic(float x) {
    x = Math.abs(x);
    if (x < 1.0f) {
      return Math.fma(Math.fma(A + 2, x, -(A + 3)) * x, x, 1f);
    }
    if (x < 2.0f) {
      return Math.fma(Math.fma(Math.fma(A, x, -5 * A), x, 8 * A), x, -4 * A);
    }
    return 0.0f;
  }

  /** Source window and float32 weights per output index, as torch computes them. */
  private record Window(int[] xmin, int[] size, float[] weights, int ksize) {

    static Window of(int inSize, int outSize) {
      float scale = (float) inSize / (float) outSize;
      float support = scale >= 1.0f ? (float) (2.0 * scale) : 2.0f;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      float invscale = scale >= 1.0f ? (float) (1.0 / scale) : 1.0f;
      int[] xmin = new int[outSize];
      int[] size = new int[outSize];
      float[] w = new float[outSize * ksize]; // [outSize, ksize]
      for (int i = 0; i < outSize; i++) {
        float center = (float) (scale * (i + 0.5));
        int lo = (int) Math.max((long) ((double) (center - support) + 0.5), 0L);
        long hi = Math.min((long) ((double) (center + support) + 0.5), inSize);
        int n = (int) Math.max(0, Math.min(hi - lo, ksize));
        float total = 0f;
        for (int j = 0; j < n; j++) {
          float d = (float) (j + lo) - center;
          float x = (float) (((double) d + 0.5) * invscale);
          float v = cubic(x);
          w[i * ksize + j] = v;
          total += v;
        }
        if (total != 0f) {
          for (int j = 0; j < n; j++) {
            w[i * ksize + j] /= total;
          }
        }
        xmin[i] = lo;
        size[i] = n;
      }
      return new Window(xmin, size, w, ksize);
    }
  }
}
