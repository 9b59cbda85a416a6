package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyModelTest {

  /** sha256 of model.safetensors written by tools/golden/make_goldens.py (same rule). */
  static final String PYTHON_SHA256 =
      "c575edbd2f6c7d2ec3a19e070d83a3379a0693de168168685bb13e4506fc9297";

  @Test
  void writesTheSameBytesAsThePythonGoldenScript() throws Exception {
    Path dir = TinyFixtures.tinyDir();
    byte[] bytes = Files.readAllBytes(dir.resolve("model.safetensors"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(sha).isEqualTo(expectedSha());
    assertThat(dir.resolve("tokenizer.json")).isRegularFile();
    assertThat(dir.resolve("config.json")).isRegularFile();
  }

  private static String expectedSha() throws Exception {
    try (InputStream in =
        TinyModelTest.class.getResourceAsStream("/golden/tiny_weights_check.json")) {
      if (in == null) {
        return PYTHON_SHA256;
      }
      return io.sparkqwenvl.runtime.Json.MAPPER.readTree(in).path("safetensors_sha256").asText();
    }
  }

  @Test
  void materializeIsIdempotentAndNamedByContent(@TempDir Path root) {
    Path a = TinyModel.materialize(root);
    Path b = TinyModel.materialize(root);
    assertThat(a).isEqualTo(b);
    assertThat(a.getFileName().toString()).startsWith("tiny-");
  }

  @Test
  void bf16RoundsToNearestEven() {
    assertThat(Halfs.floatToBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);
    assertThat(Halfs.floatToBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);
    assertThat(Halfs.floatToBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
    assertThat(Halfs.bf16ToFloat((short) 0x3F80)).isEqualTo(1.0f);
  }

  @Test
  void halfConversionRoundTrips() {
    for (float f : new float[] {0f, 1f, -2.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 0.1f}) {
      float back = Halfs.halfToFloat(Halfs.floatToHalf(f));
      assertThat(back).isCloseTo(f, org.assertj.core.data.Offset.offset(Math.abs(f) * 1e-3f));
    }
    assertThat(Halfs.halfToFloat(Halfs.floatToHalf(70000f))).isInfinite();
  }
}
