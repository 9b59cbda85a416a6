package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.testing.Npy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance with golden/video: qwen-vl-utils 0.0.10 fetch_video on clip_160x120_7.5fps.mp4
 * (decoded by cv2/FFmpeg), torchvision bicubic antialias, Qwen2VLVideoProcessor normalization.
 */
class GoldenVideoTest {

  static final PreprocessorConfig CFG = PreprocessorConfig.defaults();
  static final MediaOptions OPTS = new MediaOptions(3136, 19200, null, null, null);
  @TempDir static Path dir;
  static Path clip;
  static JsonNode meta;

  @BeforeAll
  static void load() throws Exception {
    clip = dir.resolve("clip.mp4");
    try (InputStream in =
        GoldenVideoTest.class.getResourceAsStream("/fixtures/clip_160x120_7.5fps.mp4")) {
      Files.copy(in, clip);
    }
    try (InputStream in =
        GoldenVideoTest.class.getResourceAsStream("/golden/video/video_meta.json")) {
      meta = new ObjectMapper().readTree(in);
    }
  }

  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  @Test
  void samplesTheSameFramesAndDecodesTheSamePixels() throws Exception {
    int[] expected = ints(meta.get("indices"));
    VideoDecoder.Decoded d =
        VideoDecoder.decode(
            "clip",
            clip,
            (total, fps) ->
                VideoSampler.indices(total, VideoSampler.nframes(total, fps, null, null)),
            60_000);
    assertThat(d.totalFrames()).isEqualTo(meta.get("total_frames").asInt());
    assertThat(d.videoFps()).isEqualTo(meta.get("video_fps").asDouble());
    assertThat(d.indices()).containsExactly(expected);
    Npy golden = Npy.resource("/golden/video/sampled_decoded_rgb.npy.gz");
    long[] g = golden.longs();
    int per = 120 * 160 * 3;
    int max = 0;
    for (int f = 0; f < expected.length; f++) {
      byte[] px = d.frames().get(f).pixels();
      for (int i = 0; i < per; i++) {
        max = Math.max(max, Math.abs((px[i] & 0xff) - (int) g[f * per + i]));
      }
    }
    System.out.printf("golden video decode max level diff %d%n", max);
    assertThat(max).isLessThanOrEqualTo(GoldenPreprocessTest.JPEG_MAX_LEVEL_DIFF);
  }

  @Test
  void torchvisionResizeOfTheGoldenFramesIsExact() {
    long[] in = Npy.resource("/golden/video/sampled_decoded_rgb.npy.gz").longs();
    long[] out = Npy.resource("/golden/video/sampled_resized_rgb.npy.gz").longs();
    int per = 120 * 160 * 3;
    int perOut = 112 * 168 * 3;
    for (int f = 0; f < 6; f++) {
      byte[] src = new byte[per];
      for (int i = 0; i < per; i++) {
        src[i] = (byte) in[f * per + i];
      }
      byte[] got = TorchvisionBicubic.resize(src, 160, 120, 3, 168, 112);
      for (int i = 0; i < perOut; i++) {
        assertThat(got[i] & 0xff).as("frame %d byte %d", f, i).isEqualTo((int) out[f * perOut + i]);
      }
    }
  }

  @Test
  void producesTheGoldenGridTimingAndPixelValues() throws Exception {
    VisionInput v = VideoProcessor.process("clip", clip, OPTS, CFG);
    assertThat(new int[] {v.gridT(), v.gridH(), v.gridW()})
        .containsExactly(ints(meta.get("video_grid_thw")));
    assertThat(v.mergedTokens(2)).isEqualTo(meta.get("merged_tokens").asInt());
    assertThat(v.secondPerGridT())
        .isCloseTo(meta.get("second_per_grid_ts_expected").asDouble(), Offset.offset(1e-12));
    assertThat(new int[] {v.resizedHeight(), v.resizedWidth()})
        .containsExactly(ints(meta.get("resized_hw")));
    assertThat(v.frameTimestamps()).hasSize(6);
    assertThat(v.frameTimestamps()[5]).isCloseTo(28 / 7.5, Offset.offset(1e-3));
    float[] expected = Npy.resource("/golden/video/pixel_values_videos.npy.gz").floats();
    assertThat(v.pixelValues()).hasSameSizeAs(expected);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(v.pixelValues()[i] - expected[i]));
    }
    System.out.printf("golden video pixel_values max abs diff %.3g%n", max);
    assertThat(max).isLessThanOrEqualTo(GoldenPreprocessTest.JPEG_MAX_PV_DIFF);
    // from the golden decoded frames the numbers are the reference's
    long[] in = Npy.resource("/golden/video/sampled_decoded_rgb.npy.gz").longs();
    List<RgbImage> frames = new ArrayList<>();
    int per = 120 * 160 * 3;
    for (int f = 0; f < 6; f++) {
      byte[] src = new byte[per];
      for (int i = 0; i < per; i++) {
        src[i] = (byte) in[f * per + i];
      }
      frames.add(new RgbImage(160, 120, src));
    }
    VideoDecoder.Decoded d =
        new VideoDecoder.Decoded(frames, ints(meta.get("indices")), new double[6], 29, 7.5);
    VisionInput exact = VideoProcessor.fromFrames("clip", d, OPTS, CFG);
    for (int i = 0; i < expected.length; i++) {
      assertThat(exact.pixelValues()[i]).isEqualTo(expected[i]);
    }
  }

  @Test
  void defaultBudgetGivesTheReferenceSize() throws Exception {
    VisionInput v = VideoProcessor.process("clip", clip, MediaOptions.DEFAULTS, CFG);
    int[] hw = ints(meta.get("default_budget_meta").get("resized_hw"));
    assertThat(new int[] {v.resizedHeight(), v.resizedWidth()}).containsExactly(hw);
  }
}
