package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageProcessorTest {

  private static final PreprocessorConfig CFG = PreprocessorConfig.defaults();

  @Test
  void rescaleThenNormalizeMatchesTheSlowProcessor() {
    float[][] lut = PatchFlattener.table(CFG, PatchFlattener.Normalization.RESCALE_THEN_NORMALIZE);
    // (float32(255/255) - 0.48145466f) / 0.26862954f
    assertThat(lut[0][255]).isEqualTo((1.0f - 0.48145466f) / 0.26862954f);
    assertThat(lut[2][0]).isEqualTo((0.0f - 0.40821073f) / 0.27577711f);
    float[][] fused = PatchFlattener.table(CFG, PatchFlattener.Normalization.FUSED);
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        assertThat(fused[c][v]).isCloseTo(lut[c][v], org.assertj.core.data.Offset.offset(2e-6f));
      }
    }
  }

  @Test
  void flattensPatchesInTheReferenceOrder() {
    // 56 x 28 (h x w): grid 4 x 2, merged blocks 2 x 1; pixel value encodes position
    int w = 28;
    int h = 56;
    byte[] px = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[(y * w + x) * 3] = (byte) (y * 4 + (x % 4));
        px[(y * w + x) * 3 + 1] = (byte) x;
        px[(y * w + x) * 3 + 2] = (byte) 200;
      }
    }
    RgbImage img = new RgbImage(w, h, px);
    float[] pv = PatchFlattener.flatten(List.of(img), CFG, PatchFlattener.Normalization.FUSED);
    float[][] lut = PatchFlattener.table(CFG, PatchFlattener.Normalization.FUSED);
    assertThat(pv).hasSize(8 * 1176);
    int gridW = 2;
    for (int y = 0; y < h; y += 5) {
      for (int x = 0; x < w; x += 3) {
        int gy = y / 14;
        int gx = x / 14;
        int row = (((gy / 2) * (gridW / 2) + gx / 2) * 2 + gy % 2) * 2 + gx % 2;
        for (int c = 0; c < 3; c++) {
          for (int ft = 0; ft < 2; ft++) {
            int col = ((c * 2 + ft) * 14 + y % 14) * 14 + x % 14;
            assertThat(pv[row * 1176 + col]).isEqualTo(lut[c][px[(y * w + x) * 3 + c] & 0xff]);
          }
        }
      }
    }
  }

  @Test
  void oddFrameCountsRepeatTheLastFrame() {
    RgbImage a = new RgbImage(28, 28, filled(28 * 28 * 3, 10));
    RgbImage b = new RgbImage(28, 28, filled(28 * 28 * 3, 99));
    float[] pv = PatchFlattener.flatten(List.of(a, b, a), CFG, PatchFlattener.Normalization.FUSED);
    float[] pv2 =
        PatchFlattener.flatten(List.of(a, b, a, a), CFG, PatchFlattener.Normalization.FUSED);
    assertThat(pv).hasSize(2 * 4 * 1176).isEqualTo(pv2);
  }

  @Test
  void seventyBySeventyBecomesFiftySixSquare() throws MediaException {
    RgbImage img = new RgbImage(70, 70, filled(70 * 70 * 3, 128));
    VisionInput v = ImageProcessor.process("x", img, MediaOptions.DEFAULTS, CFG);
    assertThat(new int[] {v.gridT(), v.gridH(), v.gridW()}).containsExactly(1, 4, 4);
    assertThat(v.resizedWidth()).isEqualTo(56);
    assertThat(v.originalWidth()).isEqualTo(70);
    assertThat(v.mergedTokens(2)).isEqualTo(4);
    assertThat(v.pixelValues()).hasSize(16 * 1176);
    float expected =
        PatchFlattener.table(CFG, PatchFlattener.Normalization.RESCALE_THEN_NORMALIZE)[1][128];
    assertThat(v.pixelValues()[1176 / 3 + 5]).isEqualTo(expected);
  }

  @Test
  void smallImagesAreGrownLikeQwenVlUtilsAndExtremeRatiosRefused() throws MediaException {
    // 10x20 (h x w): sides clamp to 28, then grow to min_pixels: beta = sqrt(3136/200)
    VisionInput v = ImageProcessor.process("x", new RgbImage(20, 10, new byte[600]), null, CFG);
    assertThat(new int[] {v.resizedHeight(), v.resizedWidth()}).containsExactly(56, 84);
    assertThatThrownBy(
            () -> ImageProcessor.process("strip", new RgbImage(201, 1, new byte[603]), null, CFG))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.ASPECT_RATIO));
  }

  @Test
  void optionsOverrideThePixelBounds() throws MediaException {
    RgbImage img = new RgbImage(1000, 500, new byte[1000 * 500 * 3]);
    MediaOptions small = new MediaOptions(null, 256 * 28 * 28, null, null, null);
    VisionInput v = ImageProcessor.process("x", img, small, CFG);
    assertThat((long) v.resizedWidth() * v.resizedHeight()).isLessThanOrEqualTo(256 * 28 * 28);
    assertThat(v.resizedWidth() % 28).isZero();
    VisionInput full = ImageProcessor.process("x", img, MediaOptions.DEFAULTS, CFG);
    assertThat(full.resizedWidth()).isEqualTo(1008);
    assertThat(full.resizedHeight()).isEqualTo(504);
  }

  @Test
  void preprocessorDetectsImagesByMagicBytes() throws MediaException {
    byte[] png = TestImages.encode(TestImages.rgb(90, 60), "png");
    VisionInput v = MediaPreprocessor.preprocess("photo.mp4", png, MediaOptions.DEFAULTS, CFG);
    assertThat(v.kind()).isEqualTo(VisionInput.Kind.IMAGE);
    assertThat(new int[] {v.gridH(), v.gridW()}).containsExactly(4, 6);
    assertThatThrownBy(() -> MediaPreprocessor.preprocess("t.png", new byte[] {1, 2, 3}, null, CFG))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.UNSUPPORTED_FORMAT));
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
