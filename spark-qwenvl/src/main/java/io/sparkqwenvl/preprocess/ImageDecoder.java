package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.preprocess.MediaException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG (incl. CMYK, progressive), PNG (incl. 16-bit, palette, alpha), GIF (first frame),
 * BMP, TIFF and WebP with ImageIO + TwelveMonkeys into 8-bit RGB, applying the EXIF orientation.
 * The size is read from the header first and images above the pixel limit are refused before any
 * pixel buffer is allocated. The format is detected from the bytes, never from a name.
 */
public final class ImageDecoder {

  /** Default pixel limit: PIL's decompression-bomb error threshold (2 × 89,478,485). */
  public static final long DEFAULT_MAX_PIXELS = 178_956_970L;

  private static final Pattern TRUNCATED =
      Pattern.compile("(?i)premature end|truncat|unexpected end|end of (file|stream)");

  private ImageDecoder() {}

  /** Decodes with the default pixel limit. */
  public static RgbImage decode(String id, byte[] bytes, boolean alphaOnWhite)
      throws MediaException {
    return decode(id, bytes, alphaOnWhite, DEFAULT_MAX_PIXELS);
  }

  /** Decodes a file (read fully; the name is only used in errors). */
  public static RgbImage decode(Path path, boolean alphaOnWhite) throws MediaException {
    return decode(path.toString(), readAll(path), alphaOnWhite, DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes an encoded image.
   *
   * @param id the input's name, used in errors
   * @param maxPixels images with more pixels are refused from the header ({@link
   *     Reason#PIXEL_LIMIT})
   */
  public static RgbImage decode(String id, byte[] bytes, boolean alphaOnWhite, long maxPixels)
      throws MediaException {
    MediaFormat format = imageFormat(id, bytes);
    ImageReader reader = reader(id, format);
    List<String> warnings = new ArrayList<>();
    BufferedImage bi;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      checkPixels(id, format, reader.getWidth(0), reader.getHeight(0), maxPixels);
      reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
      bi = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw new MediaException(
          id, Reason.UNDECODABLE, "cannot decode " + format + ": " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
    for (String w : warnings) {
      if (TRUNCATED.matcher(w).find()) {
        throw new MediaException(id, Reason.UNDECODABLE, format + " data is truncated: " + w);
      }
    }
    RgbImage rgb = RgbConverter.toRgb(bi, alphaOnWhite);
    return ExifOrientation.apply(rgb, ExifOrientation.read(bytes, format));
  }

  /** The image format of the bytes, or the reason they are refused. */
  static MediaFormat imageFormat(String id, byte[] bytes) throws MediaException {
    if (bytes == null || bytes.length == 0) {
      throw new MediaException(id, Reason.EMPTY, "0 bytes");
    }
    MediaFormat format = MediaFormat.sniff(bytes);
    if (format == null) {
      throw new MediaException(
          id, Reason.UNSUPPORTED_FORMAT, "not a known image or video format " + head(bytes));
    }
    if (format.isVideo()) {
      throw new MediaException(id, Reason.UNSUPPORTED_FORMAT, "is a " + format + " video");
    }
    return format;
  }

  static ImageReader reader(String id, MediaFormat format) throws MediaException {
    Iterator<ImageReader> it =
        ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    if (!it.hasNext()) {
      throw new MediaException(id, Reason.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format);
    }
    return it.next();
  }

  static void checkPixels(String id, MediaFormat format, int w, int h, long maxPixels)
      throws MediaException {
    if (w <= 0 || h <= 0) {
      throw new MediaException(
          id, Reason.UNDECODABLE, format + " header gives size " + w + "x" + h);
    }
    if ((long) w * h > maxPixels) {
      throw new MediaException(
          id,
          Reason.PIXEL_LIMIT,
          format + " of " + w + "x" + h + " = " + (long) w * h + " pixels exceeds " + maxPixels);
    }
  }

  /** First bytes in hex, for messages about unrecognised input. */
  static String head(byte[] b) {
    StringBuilder sb = new StringBuilder("(starts with");
    for (int i = 0; i < Math.min(8, b.length); i++) {
      sb.append(String.format(" %02x", b[i] & 0xff));
    }
    return sb.append(')').toString();
  }

  static byte[] readAll(Path path) throws MediaException {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new MediaException(path.toString(), Reason.IO, e.toString(), e);
    }
  }
}
