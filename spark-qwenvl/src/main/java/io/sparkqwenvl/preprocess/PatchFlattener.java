package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.model.PreprocessorConfig;
import java.util.List;

/**
 * Rescales, normalizes and flattens frames into the reference's {@code pixel_values}: rows ordered
 * (temporal block, merged row, merged column, 2×2 position), features ordered (channel, frame in
 * pair, patch y, patch x). Frames are padded to a multiple of the temporal patch by repeating the
 * last one (an image becomes two identical frames).
 */
public final class PatchFlattener {

  /** How uint8 values become normalized floats. */
  public enum Normalization {
    /** Slow image processor: float32(float64(v) * rescale), then (x - mean) / std in float32. */
    RESCALE_THEN_NORMALIZE,
    /** Fast/video processors: (float32(v) - float32(mean/rescale)) / float32(std/rescale). */
    FUSED
  }

  private PatchFlattener() {}

  /** Per channel, the normalized float of each uint8 value: [3][256]. */
  static float[][] table(PreprocessorConfig cfg, Normalization mode) {
    float[][] lut = new float[3][256];
    float[] means = cfg.imageMean();
    float[] stds = cfg.imageStd();
    double scale = cfg.rescaleFactor();
    for (int c = 0; c < 3; c++) {
      float mean = means[c];
      float std = stds[c];
      float mean255 = (float) (mean / scale);
      float std255 = (float) (std / scale);
      for (int v = 0; v < 256; v++) {
        if (mode == Normalization.FUSED) {
          lut[c][v] = ((float) v - mean255) / std255;
        } else {
          float x = (float) (v * scale);
          lut[c][v] = (x - mean) / std;
        }
      }
    }
    return lut;
  }

  /**
   * @param frames frames of identical size, each a multiple of patch·merge on both sides
   * @return row-major [gridT·gridH·gridW, 3·tp·p·p]
   */
  public static float[] flatten(List<RgbImage> frames, PreprocessorConfig cfg, Normalization mode) {
    int p = cfg.patchSize();
    int m = cfg.mergeSize();
    int tp = cfg.temporalPatchSize();
    int w = frames.get(0).width();
    int h = frames.get(0).height();
    if (h % (p * m) != 0 || w % (p * m) != 0) {
      throw new IllegalArgumentException(
          "frame " + w + "x" + h + " is not a multiple of " + p * m + " on both sides");
    }
    int gridT = (frames.size() + tp - 1) / tp;
    int gridH = h / p;
    int gridW = w / p;
    int cols = 3 * tp * p * p;
    float[][] lut = table(cfg, mode);
    float[] out = new float[gridT * gridH * gridW * cols]; // [rows, cols]
    for (int f = 0; f < gridT * tp; f++) {
      RgbImage frame = frames.get(Math.min(f, frames.size() - 1));
      if (frame.width() != w || frame.height() != h) {
        throw new IllegalArgumentException(
            "frame "
                + f
                + " is "
                + frame.width()
                + "x"
                + frame.height()
                + ", expected "
                + w
                + "x"
                + h);
      }
      write(frame.pixels(), f / tp, f % tp, gridH, gridW, p, m, tp, lut, out);
    }
    return out;
  }

  private static void write(
      byte[] px,
      int it,
      int ft,
      int gridH,
      int gridW,
      int p,
      int m,
      int tp,
      float[][] lut,
      float[] out) {
    int w = gridW * p;
    int cols = 3 * tp * p * p;
    int bh = gridH / m;
    int bw = gridW / m;
    for (int y = 0; y < gridH * p; y++) {
      int gy = y / p;
      int py = y % p;
      int ib = gy / m;
      int mh = gy % m;
      for (int x = 0; x < w; x++) {
        int gx = x / p;
        int px2 = x % p;
        int row = (((it * bh + ib) * bw + gx / m) * m + mh) * m + gx % m;
        int base = row * cols + (ft * p + py) * p + px2;
        int s = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          out[base + c * tp * p * p] = lut[c][px[s + c] & 0xff];
        }
      }
    }
  }
}
