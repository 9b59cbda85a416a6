package io.sparkqwenvl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.runtime.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Smoke test of {@code qwenvl bench} on the CPU with the tiny random model (no timing checks). */
class BenchCommandTest {

  @Test
  void printsOneSaneJsonLine() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc =
        BenchCommand.run(
            ("--model random:tiny --images 5 --size 112x84 --new-tokens 6 --device cpu"
                    + " --precision fp32 --batch 3 --json")
                .split(" "),
            new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8).trim();
    assertThat(rc).as(out).isZero();
    assertThat(out.lines()).hasSize(1);
    JsonNode j = Json.parse(out);
    // 112x84 -> smart_resize 112x84 -> 8x6 patches -> 12 merged tokens; prompt 15 + 12 + 10.
    assertThat(j.path("visual_tokens_per_image").asInt()).isEqualTo(12);
    assertThat(j.path("prompt_tokens_per_image").asInt()).isEqualTo(37);
    assertThat(j.path("output_tokens").asLong()).isEqualTo(5 * 6);
    assertThat(j.path("images_per_s").asDouble()).isPositive();
    assertThat(j.path("output_tokens_per_s").asDouble())
        .isCloseTo(
            6 * j.path("images_per_s").asDouble(),
            org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(j.path("vision_tflops").asDouble()).isPositive();
    assertThat(j.path("peak_device_memory_gb").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(j.path("device").asText()).startsWith("cpu");
    assertThat(j.path("precision").asText()).isEqualTo("fp32");
    assertThat(j.path("failed").asLong()).isZero();
    assertThat(j.path("mean_decode_batch").asDouble()).isBetween(1.0, 3.0);
    for (String f : new String[] {"vision_s", "prefill_s", "decode_s", "total_s"}) {
      assertThat(j.path(f).asDouble()).as(f).isPositive();
    }
  }

  @Test
  void aModelThatCannotBeOpenedIsOneLineNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Path missing = dir.resolve("no-such-model");
    int rc =
        BenchCommand.run(
            new String[] {"--model", missing.toString(), "--images", "1", "--json"},
            new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8).trim();
    assertThat(rc).isEqualTo(1);
    assertThat(out.lines()).hasSize(1);
    assertThat(out).startsWith("cannot open model " + missing + ": ");
  }

  @Test
  void badUsageReturnsTwoWithTheMessage() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc =
        BenchCommand.run(
            new String[] {"--images", "x"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("--images expects a positive integer");
  }
}
