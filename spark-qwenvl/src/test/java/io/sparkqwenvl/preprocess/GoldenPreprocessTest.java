package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.preprocess.MediaException.Reason;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.testing.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with golden/preprocess (Pillow 12.3 decode + EXIF transpose + alpha mode + PIL
 * bicubic + transformers 5.17 rescale/normalize/patchify). Lossless formats must decode to the same
 * RGB and give pixel_values within 1e-6; JPEG decoders differ (TwelveMonkeys vs libjpeg-turbo),
 * bounded below.
 */
class GoldenPreprocessTest {

  /** Largest per-channel difference accepted between our JPEG decode and Pillow's. */
  static final int JPEG_MAX_LEVEL_DIFF = 3;

  /** Largest pixel_values difference for JPEG inputs (3 levels / 255 / min std ≈ 0.045). */
  static final double JPEG_MAX_PV_DIFF = 0.05;

  static final PreprocessorConfig CFG = PreprocessorConfig.defaults();

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in =
        GoldenPreprocessTest.class.getResourceAsStream("/golden/preprocess/index.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> out = new ArrayList<>();
      root.forEach(out::add);
      return out.stream();
    }
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = GoldenPreprocessTest.class.getResourceAsStream("/fixtures/" + name)) {
      return in.readAllBytes();
    }
  }

  static byte[] u8(Npy npy) {
    long[] v = npy.longs();
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static int maxDiff(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
    }
    return m;
  }

  static double maxDiff(float[] a, float[] b, int n) {
    double m = 0;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheGolden(JsonNode c) throws Exception {
    String name = c.get("case").asText();
    byte[] bytes = fixture(c.get("fixture").asText());
    boolean white = c.get("alpha_mode").asText().equals("white");
    MediaOptions opts =
        new MediaOptions(
            c.get("min_pixels").asInt(), c.get("max_pixels").asInt(), null, null, white);
    if (c.has("expected_error")) {
      assertThatThrownBy(() -> MediaPreprocessor.preprocess(name, bytes, opts, CFG))
          .isInstanceOfSatisfying(
              MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ASPECT_RATIO))
          .hasMessageContaining("205.0");
      return;
    }
    boolean jpeg = MediaFormat.sniff(bytes) == MediaFormat.JPEG;
    // 1. decode (+ EXIF + alpha)
    Npy inputNpy = Npy.resource("/golden/" + c.get("input_rgb_file").asText());
    RgbImage decoded = ImageDecoder.decode(name, bytes, white);
    assertThat(new int[] {decoded.width(), decoded.height()})
        .containsExactly(
            c.get("original_size_wh").get(0).asInt(), c.get("original_size_wh").get(1).asInt());
    int decodeDiff = maxDiff(decoded.pixels(), u8(inputNpy));
    System.out.printf("golden %-22s decode max level diff %d%n", name, decodeDiff);
    assertThat(decodeDiff).isLessThanOrEqualTo(jpeg ? JPEG_MAX_LEVEL_DIFF : 0);
    // 2. PIL bicubic from the golden input is exact
    int h = c.get("resized_hw").get(0).asInt();
    int w = c.get("resized_hw").get(1).asInt();
    RgbImage input = new RgbImage(inputNpy.shape()[1], inputNpy.shape()[0], u8(inputNpy));
    RgbImage resized = input.resizePil(w, h);
    Npy resizedNpy = Npy.resource("/golden/" + c.get("resized_rgb_file").asText());
    assertThat(maxDiff(resized.pixels(), u8(resizedNpy))).isZero();
    // 3. the full pipeline from the file bytes
    VisionInput v = MediaPreprocessor.preprocess(name, bytes, opts, CFG);
    JsonNode grid = c.get("image_grid_thw");
    assertThat(new int[] {v.gridT(), v.gridH(), v.gridW()})
        .containsExactly(grid.get(0).asInt(), grid.get(1).asInt(), grid.get(2).asInt());
    assertThat(v.mergedTokens(2)).isEqualTo(c.get("merged_tokens").asInt());
    String pvFile =
        c.has("pixel_values_file")
            ? c.get("pixel_values_file").asText()
            : c.get("pixel_values_head_file").asText();
    float[] expected = Npy.resource("/golden/" + pvFile).floats();
    double pvDiff = maxDiff(v.pixelValues(), expected, expected.length);
    System.out.printf("golden %-22s pixel_values max abs diff %.3g%n", name, pvDiff);
    assertThat(pvDiff).isLessThanOrEqualTo(jpeg ? JPEG_MAX_PV_DIFF : 1e-6);
    // and from the golden RGB input, exactly the reference's numbers
    VisionInput fromRgb = ImageProcessor.process(name, input, opts, CFG);
    assertThat(maxDiff(fromRgb.pixelValues(), expected, expected.length)).isLessThanOrEqualTo(1e-6);
  }
}
