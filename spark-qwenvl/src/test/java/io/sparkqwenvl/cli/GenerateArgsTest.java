package io.sparkqwenvl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.model.Precision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GenerateArgsTest {

  @Test
  void defaults() {
    GenerateArgs a =
        GenerateArgs.parse(new String[] {"--model", "tiny", "--image", "a.png", "--prompt", "p"});
    assertThat(a.image()).isEqualTo(Path.of("a.png"));
    assertThat(a.video()).isNull();
    assertThat(a.media()).isEqualTo(Path.of("a.png"));
    assertThat(a.system()).isNull();
    assertThat(a.maxNewTokens()).isEqualTo(GenerateArgs.DEFAULT_MAX_NEW_TOKENS);
    assertThat(a.greedy()).isFalse();
    assertThat(a.json()).isFalse();
    assertThat(a.modelOptions().device()).isEqualTo("cpu");
    assertThat(a.modelOptions().precision()).isEqualTo(Precision.FP32);
    assertThat(a.mediaOptions().minPixels()).isNull();
    assertThat(a.mediaOptions().maxPixels()).isNull();
  }

  @Test
  void everyOptionIncludingEqualsForm() {
    GenerateArgs a =
        GenerateArgs.parse(
            new String[] {
              "--model=Qwen/Qwen2.5-VL-3B-Instruct",
              "--video",
              "v.mp4",
              "--fps=1.5",
              "--max-frames",
              "8",
              "--min-pixels",
              "1000",
              "--max-pixels=20000",
              "--prompt=a=b",
              "--system",
              "Be brief.",
              "--max-new-tokens",
              "7",
              "--greedy",
              "--device",
              "GPU:1",
              "--json"
            });
    assertThat(a.model()).isEqualTo("Qwen/Qwen2.5-VL-3B-Instruct");
    assertThat(a.video()).isEqualTo(Path.of("v.mp4"));
    assertThat(a.mediaOptions().fps()).isEqualTo(1.5);
    assertThat(a.mediaOptions().maxFrames()).isEqualTo(8);
    assertThat(a.mediaOptions().minPixels()).isEqualTo(1000);
    assertThat(a.mediaOptions().maxPixels()).isEqualTo(20000);
    assertThat(a.prompt()).isEqualTo("a=b");
    assertThat(a.system()).isEqualTo("Be brief.");
    assertThat(a.maxNewTokens()).isEqualTo(7);
    assertThat(a.greedy()).isTrue();
    assertThat(a.json()).isTrue();
    assertThat(a.modelOptions().device()).isEqualTo("gpu:1");
    assertThat(a.modelOptions().precision()).isEqualTo(Precision.FP16_MIXED);
    GenerateArgs b =
        GenerateArgs.parse(
            new String[] {
              "--model",
              "m",
              "--image",
              "i",
              "--prompt",
              "p",
              "--device",
              "gpu",
              "--precision",
              "fp32"
            });
    assertThat(b.modelOptions().precision()).isEqualTo(Precision.FP32);
  }

  @Test
  void errorsNameTheOptionAndValue() {
    String[] base = {"--model", "m", "--image", "i", "--prompt", "p"};
    assertThatThrownBy(() -> GenerateArgs.parse(with(base, "--max-new-tokens", "0")))
        .hasMessageContaining("--max-new-tokens expects a positive integer, got '0'");
    assertThatThrownBy(() -> GenerateArgs.parse(with(base, "--precision", "bf16")))
        .hasMessageContaining("--precision must be fp32 or fp16-mixed, got 'bf16'");
    assertThatThrownBy(() -> GenerateArgs.parse(with(base, "--model", "n")))
        .hasMessageContaining("--model is given twice");
    assertThatThrownBy(() -> GenerateArgs.parse(with(base, "--json=yes")))
        .hasMessageContaining("--json takes no value");
    assertThatThrownBy(() -> GenerateArgs.parse(with(base, "--system")))
        .hasMessageContaining("--system needs a value");
    assertThatThrownBy(
            () -> GenerateArgs.parse(with(base, "--min-pixels", "5000", "--max-pixels", "4000")))
        .hasMessageContaining("--min-pixels 5000 is larger than --max-pixels 4000");
    assertThatThrownBy(() -> GenerateArgs.parse(with(base, "--fps", "-1")))
        .hasMessageContaining("--fps");
  }

  private static String[] with(String[] base, String... more) {
    String[] out = new String[base.length + more.length];
    System.arraycopy(base, 0, out, 0, base.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }
}
