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
    Resizer r = new Resizer(id, o, cfg); // frames are resized as they are decoded
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
            VideoDecoder.DEFAULT_DEADLINE_MS,
            r);
    return build(d.frames(), d, r, cfg);
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

  /** Preprocesses full-size decoded frames. */
  static VisionInput fromFrames(
      String id, VideoDecoder.Decoded d, MediaOptions o, PreprocessorConfig cfg)
      throws MediaException {
    Resizer r = new Resizer(id, o, cfg);
    List<RgbImage> resized = new ArrayList<>(d.frames().size());
    for (RgbImage f : d.frames()) {
      resized.add(r.map(f, d.frames().size()));
    }
    return build(resized, d, r, cfg);
  }

  /** Frames already resized by {@code r}. */
  private static VisionInput build(
      List<RgbImage> resized, VideoDecoder.Decoded d, Resizer r, PreprocessorConfig cfg) {
    int n = resized.size();
    SmartResize.Size s = r.size;
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
        r.width,
        r.height,
        s.width(),
        s.height(),
        d.timestamps());
  }

  /**
   * Resizes every frame to the size smart_resize gives the first one under the per-frame budget of
   * the chosen frame count (torchvision bicubic antialias); remembers the first frame's size.
   */
  static final class Resizer implements VideoDecoder.FrameMapper {
    private final String id;
    private final MediaOptions o;
    private final PreprocessorConfig cfg;
    SmartResize.Size size;
    int width;
    int height;

    Resizer(String id, MediaOptions o, PreprocessorConfig cfg) {
      this.id = id;
      this.o = o;
      this.cfg = cfg;
    }

    @Override
    public RgbImage map(RgbImage frame, int chosen) throws MediaException {
      if (size == null) {
        long minPixels = o.minPixels() != null ? o.minPixels() : VideoSampler.VIDEO_MIN_PIXELS;
        Long userMax = o.maxPixels() == null ? null : (long) o.maxPixels();
        double maxPixels = VideoSampler.maxPixels(chosen, minPixels, userMax);
        size =
            SmartResize.lenient(
                id,
                frame.height(),
                frame.width(),
                cfg.patchSize() * cfg.mergeSize(),
                minPixels,
                maxPixels);
        width = frame.width();
        height = frame.height();
      }
      return frame.resizeTorchvision(size.width(), size.height());
    }
  }
}
