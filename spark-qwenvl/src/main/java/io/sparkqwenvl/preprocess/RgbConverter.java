package io.sparkqwenvl.preprocess;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts a decoded {@link BufferedImage} to 8-bit RGB the way PIL's {@code convert("RGB")} sees
 * the same file: palette images take their palette colours, grayscale is replicated (16-bit gray
 * clips at 255 like PIL's I;16 conversion), 16-bit colour keeps the high byte. Images with alpha
 * (RGBA, gray + alpha, palettes with transparency) are composited onto white like {@code
 * convert("RGBA")} + {@code paste(rgba, mask=alpha)} on a white RGB canvas when {@code
 * alphaOnWhite}, else alpha is dropped ({@code convert("RGB")}). Embedded ICC profiles of RGB
 * images are ignored, as PIL does. Anything else (CMYK, YCCK, packed 16-bit BMP) goes through
 * Java's sRGB conversion.
 */
final class RgbConverter {

  private RgbConverter() {}

  static RgbImage toRgb(BufferedImage bi, boolean alphaOnWhite) {
    int w = bi.getWidth();
    int h = bi.getHeight();
    ColorModel cm = bi.getColorModel();
    Raster r = bi.getRaster();
    byte[] out = new byte[w * h * 3]; // [h, w, 3]
    int csType = cm.getColorSpace().getType();
    boolean plain = cm instanceof ComponentColorModel || cm instanceof DirectColorModel;
    if (cm instanceof IndexColorModel icm) {
      palette(icm, r, out, alphaOnWhite);
    } else if (plain && csType == ColorSpace.TYPE_GRAY && !cm.isAlphaPremultiplied()) {
      gray(cm, r, out, alphaOnWhite);
    } else if (plain
        && csType == ColorSpace.TYPE_RGB
        && !cm.isAlphaPremultiplied()
        && uniformBits(cm)) {
      rgb(cm, r, out, alphaOnWhite);
    } else {
      viaSrgb(bi, out, alphaOnWhite);
    }
    return new RgbImage(w, h, out);
  }

  private static boolean uniformBits(ColorModel cm) {
    for (int i = 0; i < cm.getNumComponents(); i++) {
      int bits = cm.getComponentSize(i);
      if (bits != 8 && bits != 16) {
        return false;
      }
    }
    return true;
  }

  private static void palette(IndexColorModel icm, Raster r, byte[] out, boolean alphaOnWhite) {
    int w = r.getWidth();
    boolean composite = alphaOnWhite && icm.hasAlpha();
    int[] row = new int[w];
    for (int y = 0; y < r.getHeight(); y++) {
      r.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        int i = row[x];
        int a = composite ? icm.getAlpha(i) : 255;
        out[o] = (byte) blend(icm.getRed(i), a);
        out[o + 1] = (byte) blend(icm.getGreen(i), a);
        out[o + 2] = (byte) blend(icm.getBlue(i), a);
      }
    }
  }

  private static void gray(ColorModel cm, Raster r, byte[] out, boolean alphaOnWhite) {
    int w = r.getWidth();
    int bits = cm.getComponentSize(0);
    int max = (1 << bits) - 1;
    boolean composite = alphaOnWhite && cm.hasAlpha() && r.getNumBands() >= 2;
    int alphaShift = composite ? cm.getComponentSize(1) - 8 : 0;
    int[] row = new int[w];
    int[] alpha = new int[w];
    for (int y = 0; y < r.getHeight(); y++) {
      r.getSamples(0, y, w, 1, 0, row);
      if (composite) {
        r.getSamples(0, y, w, 1, 1, alpha);
      }
      for (int x = 0; x < w; x++) {
        int v = row[x];
        int g = bits == 8 ? v : bits > 8 ? Math.min(v, 255) : (v * 255 + max / 2) / max;
        int a = composite ? alpha[x] >> alphaShift : 255;
        int o = (y * w + x) * 3;
        out[o] = out[o + 1] = out[o + 2] = (byte) blend(g, a);
      }
    }
  }

  private static int blend(int v, int a) {
    return a == 255 ? v : onWhite(v, a);
  }

  private static void rgb(ColorModel cm, Raster r, byte[] out, boolean alphaOnWhite) {
    int w = r.getWidth();
    int shift = cm.getComponentSize(0) - 8;
    boolean composite = alphaOnWhite && cm.hasAlpha() && r.getNumBands() >= 4;
    int[][] rows = new int[composite ? 4 : 3][w];
    for (int y = 0; y < r.getHeight(); y++) {
      for (int b = 0; b < rows.length; b++) {
        r.getSamples(0, y, w, 1, b, rows[b]);
      }
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        int a = composite ? rows[3][x] >> shift : 255;
        for (int c = 0; c < 3; c++) {
          int v = rows[c][x] >> shift;
          out[o + c] = (byte) (a == 255 ? v : onWhite(v, a));
        }
      }
    }
  }

  /** PIL's BLEND(mask, 255, v): DIV255(255 * (255 - a) + v * a). */
  static int onWhite(int v, int a) {
    int tmp = 255 * (255 - a) + v * a + 128;
    return ((tmp >> 8) + tmp) >> 8;
  }

  private static void viaSrgb(BufferedImage bi, byte[] out, boolean alphaOnWhite) {
    int w = bi.getWidth();
    int[] row = new int[w];
    boolean alpha = alphaOnWhite && bi.getColorModel().hasAlpha();
    for (int y = 0; y < bi.getHeight(); y++) {
      bi.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int a = alpha ? p >>> 24 : 255;
        int o = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          int v = (p >> (16 - 8 * c)) & 0xff;
          out[o + c] = (byte) (a == 255 ? v : onWhite(v, a));
        }
      }
    }
  }
}
