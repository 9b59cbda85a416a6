package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.preprocess.MediaException.Reason;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Decodes the video frames that a sampler asks for with FFmpeg (JavaCV): a first pass counts the
 * decodable frames without converting them, a second pass converts only the chosen indices to RGB
 * and stops after the last one. Every failure is a {@link MediaException}; a deadline bounds the
 * work.
 */
public final class VideoDecoder {

  /** Chooses ascending frame indices once the frame count and the average fps are known. */
  @FunctionalInterface
  public interface Chooser {
    int[] choose(int totalFrames, double videoFps) throws MediaException;
  }

  /** Converts each chosen frame as soon as it is decoded, so only converted frames are kept. */
  @FunctionalInterface
  public interface FrameMapper {
    /**
     * @param frame a decoded frame, full size
     * @param chosen how many frames are chosen in all
     */
    RgbImage map(RgbImage frame, int chosen) throws MediaException;
  }

  /**
   * Frames decoded from a video.
   *
   * @param frames the chosen frames, in order (duplicated indices give duplicated frames)
   * @param indices the chosen frame indices
   * @param timestamps seconds from the first frame, one per chosen frame
   * @param totalFrames decodable frames in the stream
   * @param videoFps the stream's average frame rate
   */
  public record Decoded(
      List<RgbImage> frames,
      int[] indices,
      double[] timestamps,
      int totalFrames,
      double videoFps) {}

  /** Default bound on the wall time of one decode. */
  public static final long DEFAULT_DEADLINE_MS = 300_000;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  private VideoDecoder() {}

  /** Decodes the chosen frames of a video file, full size. */
  public static Decoded decode(String id, Path file, Chooser chooser, long deadlineMs)
      throws MediaException {
    return decode(id, file, chooser, deadlineMs, (frame, chosen) -> frame);
  }

  /**
   * Decodes the chosen frames of a video file, each passed through {@code mapper} as it is decoded
   * (a resize there keeps hundreds of full-size frames from piling up on the heap).
   */
  public static Decoded decode(
      String id, Path file, Chooser chooser, long deadlineMs, FrameMapper mapper)
      throws MediaException {
    long deadline = System.currentTimeMillis() + deadlineMs;
    int total;
    double fps;
    try (FFmpegFrameGrabber g = open(id, file)) {
      fps = g.getFrameRate();
      total = 0;
      Frame f;
      while ((f = g.grabFrame(false, true, false, false, false)) != null) {
        if (f.image != null) {
          total++;
        }
        checkDeadline(id, deadline);
      }
    } catch (MediaException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaException(id, Reason.UNDECODABLE, "cannot decode video: " + e, e);
    }
    if (total == 0) {
      throw new MediaException(id, Reason.NO_FRAMES, "the video stream has no decodable frame");
    }
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new MediaException(id, Reason.UNDECODABLE, "the video stream has no frame rate");
    }
    int[] idx = chooser.choose(total, fps);
    return grabChosen(id, file, idx, total, fps, deadline, mapper);
  }

  private static Decoded grabChosen(
      String id, Path file, int[] idx, int total, double fps, long deadline, FrameMapper mapper)
      throws MediaException {
    List<RgbImage> frames = new ArrayList<>(idx.length);
    double[] ts = new double[idx.length];
    try (FFmpegFrameGrabber g = open(id, file)) {
      int k = 0;
      int n = 0;
      long first = Long.MIN_VALUE;
      Frame f;
      while (k < idx.length && (f = g.grabImage()) != null) {
        if (first == Long.MIN_VALUE) {
          first = f.timestamp;
        }
        if (n == idx[k]) {
          RgbImage rgb = mapper.map(toRgb(f), idx.length);
          while (k < idx.length && idx[k] == n) {
            frames.add(rgb);
            ts[k++] = (f.timestamp - first) / 1e6;
          }
        }
        n++;
        checkDeadline(id, deadline);
      }
      if (k < idx.length) {
        throw new MediaException(
            id,
            Reason.NO_FRAMES,
            "frame " + idx[k] + " of " + total + " could not be decoded again");
      }
    } catch (MediaException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaException(id, Reason.UNDECODABLE, "cannot decode video: " + e, e);
    }
    return new Decoded(frames, idx, ts, total, fps);
  }

  /** Opens and starts a grabber on the file's video stream, converting to RGB24. */
  static FFmpegFrameGrabber open(String id, Path file) throws MediaException {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
    g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    try {
      g.start();
    } catch (Exception e) {
      closeQuietly(g);
      String msg = String.valueOf(e.getMessage());
      Reason reason =
          msg.toLowerCase(Locale.ROOT).contains("codec")
              ? Reason.UNSUPPORTED_CODEC
              : Reason.UNDECODABLE;
      throw new MediaException(id, reason, "cannot open video: " + msg, e);
    }
    if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      closeQuietly(g);
      throw new MediaException(id, Reason.NO_FRAMES, "no video stream");
    }
    return g;
  }

  static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (Exception e) {
      // already failing: the original error is the one reported
    }
  }

  private static void checkDeadline(String id, long deadline) throws MediaException {
    if (System.currentTimeMillis() > deadline) {
      throw new MediaException(id, Reason.UNDECODABLE, "video decoding exceeded its time limit");
    }
  }

  private static RgbImage toRgb(Frame f) {
    int w = f.imageWidth;
    int h = f.imageHeight;
    ByteBuffer buf = ((ByteBuffer) f.image[0]).duplicate();
    byte[] out = new byte[w * h * 3]; // [h, w, 3]
    for (int y = 0; y < h; y++) {
      buf.position(y * f.imageStride);
      buf.get(out, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }
}
