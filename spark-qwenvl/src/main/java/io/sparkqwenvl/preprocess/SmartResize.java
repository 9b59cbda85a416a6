package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.preprocess.MediaException.Reason;

/**
 * The reference {@code smart_resize}: the model-input size of an image, a multiple of {@code
 * factor} (28) on both sides, with a pixel count inside [minPixels, maxPixels] and the aspect ratio
 * roughly kept. Computed in double with Python's half-to-even rounding ({@link Math#rint}).
 */
public final class SmartResize {

  /** Largest accepted ratio between the long and the short side. */
  public static final double MAX_RATIO = 200;

  /** Result of smart_resize, in pixels. */
  public record Size(int height, int width) {}

  private SmartResize() {}

  /**
   * The transformers variant: sides below {@code factor} are refused ({@link Reason#TOO_SMALL}).
   */
  public static Size strict(String id, int height, int width, int factor, double min, double max)
      throws MediaException {
    checkRatio(id, height, width);
    if (height < factor || width < factor) {
      throw new MediaException(
          id,
          Reason.TOO_SMALL,
          "image of " + width + "x" + height + " is smaller than " + factor + " pixels on a side");
    }
    return compute(id, height, width, factor, min, max);
  }

  /** The qwen-vl-utils variant: each rounded side is at least {@code factor}. */
  public static Size lenient(String id, int height, int width, int factor, double min, double max)
      throws MediaException {
    if (height < 1 || width < 1) {
      throw new MediaException(id, Reason.TOO_SMALL, "empty image " + width + "x" + height);
    }
    return compute(id, height, width, factor, min, max);
  }

  private static void checkRatio(String id, int height, int width) throws MediaException {
    double ratio = (double) Math.max(height, width) / Math.min(height, width);
    if (ratio > MAX_RATIO) {
      throw new MediaException(
          id,
          Reason.ASPECT_RATIO,
          String.format(
              "aspect ratio %.1f of %dx%d exceeds %d", ratio, width, height, (int) MAX_RATIO));
    }
  }

  private static Size compute(String id, int height, int width, int factor, double min, double max)
      throws MediaException {
    checkRatio(id, height, width);
    double hBar = Math.max(factor, Math.rint((double) height / factor) * factor);
    double wBar = Math.max(factor, Math.rint((double) width / factor) * factor);
    if (hBar * wBar > max) {
      double beta = Math.sqrt((double) height * width / max);
      hBar = Math.max(factor, Math.floor(height / beta / factor) * factor);
      wBar = Math.max(factor, Math.floor(width / beta / factor) * factor);
    } else if (hBar * wBar < min) {
      double beta = Math.sqrt(min / ((double) height * width));
      hBar = Math.ceil(height * beta / factor) * factor;
      wBar = Math.ceil(width * beta / factor) * factor;
    }
    return new Size((int) hBar, (int) wBar);
  }
}
