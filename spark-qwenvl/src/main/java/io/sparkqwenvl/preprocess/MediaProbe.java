package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.preprocess.MediaException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Reads size (and for videos duration and frame rate) from headers only: images through {@link
 * ImageReader#getWidth} without decoding pixels, videos through FFmpeg's stream info without
 * grabbing frames. Images above the pixel limit (decompression bombs) are refused here.
 */
public final class MediaProbe {

  private static final int HEAD = 64 * 1024;

  private MediaProbe() {}

  /** Probes the leading bytes of an image (a prefix is enough), or a whole video's bytes. */
  public static MediaHeader probe(String id, byte[] bytes) throws MediaException {
    return probe(id, bytes, ImageDecoder.DEFAULT_MAX_PIXELS);
  }

  /** As {@link #probe(String, byte[])} with an explicit image pixel limit. */
  public static MediaHeader probe(String id, byte[] bytes, long maxPixels) throws MediaException {
    MediaFormat format = detect(id, bytes);
    if (format.isVideo()) {
      return withTempFile(id, bytes, f -> video(id, f, format));
    }
    return image(id, bytes, format, maxPixels);
  }

  /** Probes a file, reading only its head for images. */
  public static MediaHeader probe(Path path) throws MediaException {
    return probe(path, ImageDecoder.DEFAULT_MAX_PIXELS);
  }

  /** As {@link #probe(Path)} with an explicit image pixel limit. */
  public static MediaHeader probe(Path path, long maxPixels) throws MediaException {
    return probe(path.toString(), path, maxPixels);
  }

  /**
   * Probes a file, naming it {@code id} in errors.
   *
   * @param maxPixels images with more pixels are refused ({@link Reason#PIXEL_LIMIT})
   */
  public static MediaHeader probe(String id, Path path, long maxPixels) throws MediaException {
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(HEAD);
    } catch (IOException e) {
      throw new MediaException(id, Reason.IO, e.toString(), e);
    }
    MediaFormat format = detect(id, head);
    if (format.isVideo()) {
      return video(id, path, format);
    }
    byte[] all = head.length < HEAD ? head : ImageDecoder.readAll(path);
    return image(id, all, format, maxPixels);
  }

  static MediaFormat detect(String id, byte[] bytes) throws MediaException {
    if (bytes == null || bytes.length == 0) {
      throw new MediaException(id, Reason.EMPTY, "0 bytes");
    }
    MediaFormat format = MediaFormat.sniff(bytes);
    if (format == null) {
      throw new MediaException(
          id,
          Reason.UNSUPPORTED_FORMAT,
          "not a known image or video format " + ImageDecoder.head(bytes));
    }
    return format;
  }

  private static MediaHeader image(String id, byte[] bytes, MediaFormat format, long maxPixels)
      throws MediaException {
    ImageReader reader = ImageDecoder.reader(id, format);
    int w;
    int h;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      w = reader.getWidth(0);
      h = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new MediaException(
          id, Reason.UNDECODABLE, "cannot read the " + format + " header: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
    ImageDecoder.checkPixels(id, format, w, h, maxPixels);
    boolean swap = ExifOrientation.read(bytes, format) >= 5;
    return new MediaHeader(VisionInput.Kind.IMAGE, format, swap ? h : w, swap ? w : h, 0.0, 0.0);
  }

  private static MediaHeader video(String id, Path file, MediaFormat format) throws MediaException {
    try (FFmpegFrameGrabber g = VideoDecoder.open(id, file)) {
      double fps = g.getFrameRate();
      long micros = g.getLengthInTime();
      return new MediaHeader(
          VisionInput.Kind.VIDEO,
          format,
          g.getImageWidth(),
          g.getImageHeight(),
          micros > 0 ? micros / 1e6 : 0.0,
          fps > 0 && !Double.isInfinite(fps) ? fps : 0.0);
    } catch (MediaException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaException(id, Reason.UNDECODABLE, "cannot read the video header: " + e, e);
    }
  }

  /** Work on a file holding the bytes, deleted afterwards. */
  interface FileWork<T> {
    T apply(Path file) throws MediaException;
  }

  static <T> T withTempFile(String id, byte[] bytes, FileWork<T> work) throws MediaException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("qwenvl-media-", ".bin");
      Files.write(tmp, bytes);
      return work.apply(tmp);
    } catch (IOException e) {
      throw new MediaException(id, Reason.IO, "cannot spool media to a temp file: " + e, e);
    } finally {
      if (tmp != null) {
        tmp.toFile().delete();
      }
    }
  }
}
