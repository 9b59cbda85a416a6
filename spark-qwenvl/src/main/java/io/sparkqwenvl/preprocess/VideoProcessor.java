package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.preprocess.MediaException.Reason;
import io.sparkqwenvl.tasks.MediaOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Video → {@link VisionInput} as qwen-vl-utils 0.0.10 + the transformers processor prepare it:
 * smart_nframes at 2 fps (4..768 frames), linspace indices, a per-frame pixel budget from the total
 * budget, torchvision bicubic antialias resize on uint8, fused rescale/normalize, frames in
 * temporal pairs (odd counts repeat the last frame), second_per_grid_t = 2 / sample_fps.
 */
public final class VideoProcessor {

  private VideoProcessor() {}

  /** Preprocesses a video file. */
  public static VisionInput process(String id, Path file, MediaOptions opts, PreprocessorConfig cfg)
      throws MediaException {
    MediaOptions o = opts == null ? MediaOptions.DEFAULTS : opts;
    VideoDecoder.Decoded d =
        VideoDecoder.decode(
            id,
            file,
            (total, fps) -> {
              int n = VideoSampler.nframes(total, fps, o.fps(), o.maxFrames());
              if (n < 0) {
                throw new MediaException(
                    id, Reason.NO_FRAMES, "video of " + total + " frames is too short to sample");
              }
              return VideoSampler.indices(total, n);
            },
            VideoDecoder.DEFAULT_DEADLINE_MS);
    return fromFrames(id, d, o, cfg);
  }

  /** Preprocesses encoded video bytes (spooled to a temporary file for FFmpeg's seeks). */
  public static VisionInput process(
      String id, byte[] bytes, MediaOptions opts, PreprocessorConfig cfg) throws MediaException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("qwenvl-video-", ".bin");
      Files.write(tmp, bytes);
      return process(id, tmp, opts, cfg);
    } catch (IOException e) {
      throw new MediaException(id, Reason.IO, "cannot spool video to a temp file: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          tmp.toFile().deleteOnExit();
        }
      }
    }
  }

  static VisionInput fromFrames(
      String id, VideoDecoder.Decoded d, MediaOptions o, PreprocessorConfig cfg)
      throws MediaException {
    int n = d.frames().size();
    RgbImage first = d.frames().get(0);
    long minPixels = o.minPixels() != null ? o.minPixels() : VideoSampler.VIDEO_MIN_PIXELS;
    Long userMax = o.maxPixels() == null ? null : (long) o.maxPixels();
    double maxPixels = VideoSampler.maxPixels(n, minPixels, userMax);
    SmartResize.Size s =
        SmartResize.lenient(
            id,
            first.height(),
            first.width(),
            cfg.patchSize() * cfg.mergeSize(),
            minPixels,
            maxPixels);
    List<RgbImage> resized = new ArrayList<>(n);
    for (RgbImage f : d.frames()) {
      resized.add(f.resizeTorchvision(s.width(), s.height()));
    }
    float[] pv = PatchFlattener.flatten(resized, cfg, PatchFlattener.Normalization.FUSED);
    int tp = cfg.temporalPatchSize();
    int p = cfg.patchSize();
    double sampleFps = VideoSampler.sampleFps(n, d.totalFrames(), d.videoFps());
    return new VisionInput(
        VisionInput.Kind.VIDEO,
        pv,
        (n + tp - 1) / tp,
        s.height() / p,
        s.width() / p,
        tp / sampleFps,
        first.width(),
        first.height(),
        s.width(),
        s.height(),
        d.timestamps());
  }
}
