package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.preprocess.MediaException;
import io.sparkqwenvl.preprocess.MediaHeader;
import io.sparkqwenvl.preprocess.SmartResize;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.tasks.MediaOptions;

/**
 * Estimates the GPU cost of one item in tokens from its header only: visual tokens by the
 * smart_resize arithmetic (qwen-vl-utils bounds for images, its per-frame budget and frame count
 * for videos), plus the prompt's text tokens and the generation budget. Used to balance partitions,
 * so it needs to be proportional, not exact.
 */
final class CostEstimator {

  /** Text tokens of the chat template and a task prompt, roughly. */
  static final int PROMPT_TOKENS = 40;

  /** Visual tokens assumed for an image whose header could not be read (a 1024×1024 image). */
  static final int UNKNOWN_IMAGE_TOKENS = 1369;

  /** Visual tokens assumed for a video whose header could not be read. */
  static final int UNKNOWN_VIDEO_TOKENS = 8192;

  private static final int FACTOR = 28;
  private static final double IMAGE_MIN_PIXELS = 4 * 28 * 28;
  private static final double IMAGE_MAX_PIXELS = 16384 * 28 * 28;
  private static final double VIDEO_MIN_PIXELS = 128 * 28 * 28;
  private static final double VIDEO_MAX_PIXELS = 768 * 28 * 28;
  private static final double VIDEO_TOTAL_PIXELS = 128000 * 28 * 28 * 0.9;

  private final MediaOptions media;
  private final int maxNewTokens;

  CostEstimator(MediaOptions media, int maxNewTokens) {
    this.media = media;
    this.maxNewTokens = maxNewTokens;
  }

  /** Cost of a file with this header; {@code header} null means unknown. */
  long cost(MediaHeader header, String mediaTypeByName) {
    return PROMPT_TOKENS + maxNewTokens + visualTokens(header, mediaTypeByName);
  }

  long visualTokens(MediaHeader header, String mediaTypeByName) {
    boolean video =
        header == null ? "video".equals(mediaTypeByName) : header.kind() == VisionInput.Kind.VIDEO;
    if (header == null || header.width() <= 0 || header.height() <= 0) {
      return video ? UNKNOWN_VIDEO_TOKENS : UNKNOWN_IMAGE_TOKENS;
    }
    try {
      return video ? videoTokens(header) : imageTokens(header.width(), header.height());
    } catch (MediaException e) {
      // The reader will refuse it (aspect ratio): cheap, it fails before the model.
      return 1;
    }
  }

  private long imageTokens(int width, int height) throws MediaException {
    double min = media.minPixels() == null ? IMAGE_MIN_PIXELS : media.minPixels();
    double max = media.maxPixels() == null ? IMAGE_MAX_PIXELS : media.maxPixels();
    SmartResize.Size s = SmartResize.lenient("", height, width, FACTOR, min, Math.max(min, max));
    return (long) (s.height() / FACTOR) * (s.width() / FACTOR);
  }

  private long videoTokens(MediaHeader h) throws MediaException {
    double fps = media.fps() == null ? 2.0 : media.fps();
    int maxFrames = media.maxFrames() == null ? 768 : media.maxFrames();
    double duration = h.durationSeconds() > 0 ? h.durationSeconds() : 10.0;
    long n = Math.round(duration * fps);
    n = Math.max(4, Math.min(n, Math.max(2, maxFrames)));
    n = Math.max(2, n / 2 * 2);
    double min = media.minPixels() == null ? VIDEO_MIN_PIXELS : media.minPixels();
    double max = Math.max(Math.min(VIDEO_MAX_PIXELS, VIDEO_TOTAL_PIXELS / n * 2), min * 1.05);
    if (media.maxPixels() != null) {
      max = Math.max(min, Math.min(max, media.maxPixels()));
    }
    SmartResize.Size s = SmartResize.lenient("", h.height(), h.width(), FACTOR, min, max);
    return n / 2 * (s.height() / FACTOR) * (long) (s.width() / FACTOR);
  }
}
