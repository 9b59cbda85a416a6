package io.sparkqwenvl.preprocess;

import java.nio.charset.StandardCharsets;

/**
 * Reads the EXIF orientation tag (0x0112, values 1..8) from the container of an encoded image (JPEG
 * APP1, PNG eXIf, WebP EXIF chunk, or a TIFF's first IFD) and applies it to an interleaved image,
 * like PIL's {@code ImageOps.exif_transpose}. Malformed metadata means "no rotation".
 */
public final class ExifOrientation {

  private ExifOrientation() {}

  /** Orientation 1..8 from the encoded bytes; 1 when absent or unreadable. */
  public static int read(byte[] b, MediaFormat format) {
    try {
      int v =
          switch (format) {
            case JPEG -> jpeg(b);
            case PNG -> png(b);
            case WEBP -> webp(b);
            case TIFF -> tiff(b, 0, b.length);
            default -> 1;
          };
      return v >= 1 && v <= 8 ? v : 1;
    } catch (RuntimeException e) {
      return 1;
    }
  }

  private static int jpeg(byte[] b) {
    int p = 2;
    while (p + 4 <= b.length && (b[p] & 0xff) == 0xff) {
      int marker = b[p + 1] & 0xff;
      if (marker == 0xda || marker == 0xd9) {
        return 1;
      }
      int len = u16(b, p + 2, true);
      if (marker == 0xe1 && len >= 8 && startsWith(b, p + 4, "Exif\0\0")) {
        return tiff(b, p + 10, Math.min(b.length, p + 2 + len));
      }
      p += 2 + len;
    }
    return 1;
  }

  private static int png(byte[] b) {
    int p = 8;
    while (p + 12 <= b.length) {
      int len = (int) u32(b, p, true);
      if (len < 0 || p + 12L + len > b.length) {
        return 1;
      }
      if (startsWith(b, p + 4, "eXIf")) {
        return tiff(b, p + 8, p + 8 + len);
      }
      if (startsWith(b, p + 4, "IDAT")) {
        return 1;
      }
      p += 12 + len;
    }
    return 1;
  }

  private static int webp(byte[] b) {
    int p = 12;
    while (p + 8 <= b.length) {
      int len = (int) u32(b, p + 4, false);
      if (len < 0) {
        return 1;
      }
      if (startsWith(b, p, "EXIF")) {
        int start = p + 8;
        if (startsWith(b, start, "Exif\0\0")) {
          start += 6;
        }
        return tiff(b, start, Math.min(b.length, p + 8 + len));
      }
      p += 8 + len + (len & 1);
    }
    return 1;
  }

  /** Orientation from a TIFF structure starting at {@code base}: IFD0 tag 0x0112. */
  private static int tiff(byte[] b, int base, int end) {
    boolean be;
    if (startsWith(b, base, "MM")) {
      be = true;
    } else if (startsWith(b, base, "II")) {
      be = false;
    } else {
      return 1;
    }
    long ifd = u32(b, base + 4, be);
    int p = (int) (base + ifd);
    if (ifd < 8 || p + 2 > end) {
      return 1;
    }
    int count = u16(b, p, be);
    for (int i = 0; i < count; i++) {
      int e = p + 2 + 12 * i;
      if (e + 12 > end) {
        return 1;
      }
      if (u16(b, e, be) == 0x0112) {
        return u16(b, e + 8, be);
      }
    }
    return 1;
  }

  private static boolean startsWith(byte[] b, int p, String s) {
    byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
    if (p < 0 || p + t.length > b.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      if (b[p + i] != t[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int p, boolean be) {
    int x = b[p] & 0xff;
    int y = b[p + 1] & 0xff;
    return be ? (x << 8) | y : (y << 8) | x;
  }

  private static long u32(byte[] b, int p, boolean be) {
    long hi = u16(b, be ? p : p + 2, be);
    long lo = u16(b, be ? p + 2 : p, be);
    return (hi << 16) | lo;
  }

  /**
   * Applies an orientation to an interleaved image.
   *
   * @param img the decoded image, row-major [height, width, 3]
   * @return the transformed pixels; for orientations 5..8 width and height swap
   */
  public static RgbImage apply(RgbImage img, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return img;
    }
    int w = img.width();
    int h = img.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] src = img.pixels();
    byte[] out = new byte[src.length]; // [oh, ow, 3]
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int s = source(orientation, x, y, w, h) * 3;
        int d = (y * ow + x) * 3;
        out[d] = src[s];
        out[d + 1] = src[s + 1];
        out[d + 2] = src[s + 2];
      }
    }
    return new RgbImage(ow, oh, out);
  }

  /** Source pixel index (sy * w + sx) of output pixel (x, y) for an orientation 2..8. */
  private static int source(int orientation, int x, int y, int w, int h) {
    return switch (orientation) {
      case 2 -> y * w + (w - 1 - x);
      case 3 -> (h - 1 - y) * w + (w - 1 - x);
      case 4 -> (h - 1 - y) * w + x;
      case 5 -> x * w + y;
      case 6 -> (h - 1 - x) * w + y;
      case 7 -> (h - 1 - x) * w + (w - 1 - y);
      default -> x * w + (w - 1 - y);
    };
  }
}
