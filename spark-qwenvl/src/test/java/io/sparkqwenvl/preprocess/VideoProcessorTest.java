package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.preprocess.MediaException.Reason;
import io.sparkqwenvl.tasks.MediaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoProcessorTest {

  private static final PreprocessorConfig CFG = PreprocessorConfig.defaults();
  @TempDir static Path dir;
  private static Path video;

  @BeforeAll
  static void makeVideo() throws Exception {
    video = dir.resolve("clip.mp4");
    TestVideos.write(video, 30, 7.5, 100, 60);
  }

  @Test
  void samplerFollowsQwenVlUtils() {
    assertThat(VideoSampler.nframes(30, 7.5, null, null)).isEqualTo(8);
    assertThat(VideoSampler.indices(30, 8)).containsExactly(0, 4, 8, 12, 17, 21, 25, 29);
    assertThat(VideoSampler.nframes(300, 30, null, null)).isEqualTo(20);
    assertThat(VideoSampler.nframes(10, 30, null, null)).isEqualTo(4); // min 4 frames
    assertThat(VideoSampler.nframes(5, 30, null, null)).isEqualTo(4);
    assertThat(VideoSampler.nframes(3, 30, null, null)).isEqualTo(2);
    assertThat(VideoSampler.nframes(1, 30, null, null)).isEqualTo(-1);
    assertThat(VideoSampler.nframes(100_000, 25, null, null)).isEqualTo(768);
    assertThat(VideoSampler.nframes(300, 30, 4.0, 16)).isEqualTo(16);
    // half-to-even: linspace(0, 4, 3) = [0, 2, 4]; linspace(0, 5, 4) = [0, 1.67, 3.33, 5]
    assertThat(VideoSampler.indices(6, 4)).containsExactly(0, 2, 3, 5);
    assertThat(VideoSampler.indices(4, 3)).containsExactly(0, 2, 3);
    assertThat(VideoSampler.maxPixels(8, VideoSampler.VIDEO_MIN_PIXELS, null))
        .isEqualTo(768.0 * 28 * 28);
    assertThat(VideoSampler.maxPixels(768, VideoSampler.VIDEO_MIN_PIXELS, null))
        .isEqualTo(128000.0 * 28 * 28 * 0.9 / 768 * 2);
  }

  @Test
  void framesAreResizedWhileDecodingWithTheSameResultAsAfterwards() throws MediaException {
    VideoDecoder.Chooser eight = (total, fps) -> VideoSampler.indices(total, 8);
    VideoProcessor.Resizer r = new VideoProcessor.Resizer("clip.mp4", MediaOptions.DEFAULTS, CFG);
    VideoDecoder.Decoded kept = VideoDecoder.decode("clip.mp4", video, eight, 60_000, r);
    for (RgbImage f : kept.frames()) { // no full-size frame is kept
      assertThat(new int[] {f.width(), f.height()}).containsExactly(420, 252);
    }
    VideoDecoder.Decoded full = VideoDecoder.decode("clip.mp4", video, eight, 60_000);
    assertThat(full.frames().get(0).width()).isEqualTo(100);
    VisionInput after = VideoProcessor.fromFrames("clip.mp4", full, MediaOptions.DEFAULTS, CFG);
    VisionInput streamed = VideoProcessor.process("clip.mp4", video, MediaOptions.DEFAULTS, CFG);
    assertThat(java.util.Arrays.equals(streamed.pixelValues(), after.pixelValues())).isTrue();
    assertThat(streamed.originalWidth()).isEqualTo(after.originalWidth()).isEqualTo(100);
    assertThat(streamed.originalHeight()).isEqualTo(after.originalHeight()).isEqualTo(60);
  }

  @Test
  void decodesSamplesAndFlattensAVideo() throws MediaException {
    VisionInput v = VideoProcessor.process("clip.mp4", video, MediaOptions.DEFAULTS, CFG);
    assertThat(v.kind()).isEqualTo(VisionInput.Kind.VIDEO);
    // 30 frames at 7.5 fps -> 8 frames at 2 fps; 100x60 -> 420x252 (min 128*28*28 pixels)
    assertThat(new int[] {v.gridT(), v.gridH(), v.gridW()}).containsExactly(4, 18, 30);
    assertThat(v.secondPerGridT()).isEqualTo(1.0);
    assertThat(v.originalWidth()).isEqualTo(100);
    assertThat(v.resizedWidth()).isEqualTo(420);
    assertThat(v.frameTimestamps()).hasSize(8);
    assertThat(v.frameTimestamps()[1])
        .isCloseTo(4 / 7.5, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(v.mergedTokens(2)).isEqualTo(540);
    // the first feature of each temporal block's first row is frame 2*it's top-left pixel
    float[][] lut = PatchFlattener.table(CFG, PatchFlattener.Normalization.FUSED);
    int[] idx = {0, 4, 8, 12, 17, 21, 25, 29};
    int rows = 18 * 30;
    for (int it = 0; it < 4; it++) {
      for (int ft = 0; ft < 2; ft++) {
        float got = v.pixelValues()[(it * rows) * 1176 + ft * 196];
        int level = TestVideos.level(idx[2 * it + ft]);
        assertThat(got).isBetween(lut[0][Math.max(0, level - 4)], lut[0][Math.min(255, level + 4)]);
      }
    }
  }

  @Test
  void preprocessorDetectsVideoBytesAndProbesHeaders() throws Exception {
    byte[] bytes = Files.readAllBytes(video);
    VisionInput v = MediaPreprocessor.preprocess("clip.jpg", bytes, null, CFG);
    assertThat(v.kind()).isEqualTo(VisionInput.Kind.VIDEO);
    VisionInput fromPath = MediaPreprocessor.preprocess(video, null, CFG);
    assertThat(fromPath.pixelValues()).isEqualTo(v.pixelValues());
    MediaHeader h = MediaProbe.probe(video);
    assertThat(h.kind()).isEqualTo(VisionInput.Kind.VIDEO);
    assertThat(h.format()).isEqualTo(MediaFormat.MP4);
    assertThat(new int[] {h.width(), h.height()}).containsExactly(100, 60);
    assertThat(h.frameRate()).isCloseTo(7.5, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(h.durationSeconds()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.2));
  }

  @Test
  void brokenVideosAreMediaExceptions() throws Exception {
    byte[] good = Files.readAllBytes(video);
    byte[] truncated = java.util.Arrays.copyOf(good, 40);
    assertThatThrownBy(() -> MediaPreprocessor.preprocess("cut.mp4", truncated, null, CFG))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.reason()).isIn(Reason.UNDECODABLE, Reason.NO_FRAMES);
              assertThat(e.input()).isEqualTo("cut.mp4");
            });
    byte[] garbage = new byte[4096];
    System.arraycopy(good, 0, garbage, 0, 32);
    new java.util.Random(1).nextBytes(java.util.Arrays.copyOfRange(garbage, 32, 4096));
    assertThatThrownBy(() -> MediaPreprocessor.preprocess("junk.mp4", garbage, null, CFG))
        .isInstanceOf(MediaException.class);
    Path two = dir.resolve("one.mp4");
    TestVideos.write(two, 1, 10, 64, 64);
    assertThatThrownBy(() -> VideoProcessor.process("one.mp4", two, null, CFG))
        .isInstanceOfSatisfying(
            MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_FRAMES));
  }
}
