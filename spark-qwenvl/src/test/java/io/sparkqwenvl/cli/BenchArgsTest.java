package io.sparkqwenvl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.model.PublishedConfigs;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

  @Test
  void parsesTheDocumentedCommandLine() {
    BenchArgs a =
        BenchArgs.parse(
            ("--model random:7B --images 64 --size 1280x720 --new-tokens 128 --device gpu"
                    + " --precision fp16-mixed --json --lanes 2")
                .split(" "));
    assertThat(a.isRandom()).isTrue();
    assertThat(a.architecture()).isEqualTo("7B");
    assertThat(a.images()).isEqualTo(64);
    assertThat(a.width()).isEqualTo(1280);
    assertThat(a.height()).isEqualTo(720);
    assertThat(a.newTokens()).isEqualTo(128);
    assertThat(a.device()).isEqualTo("gpu");
    assertThat(a.precision()).isEqualTo("fp16-mixed");
    assertThat(a.json()).isTrue();
    assertThat(a.batch()).isEqualTo(64);
    assertThat(a.lanes()).isEqualTo(2);
  }

  @Test
  void sweepRunsInheritTheMainSettingsAndOverrideSome() {
    BenchArgs a =
        BenchArgs.parse(
            new String[] {
              "--model",
              "random:7B",
              "--images",
              "64",
              "--batch",
              "32",
              "--lanes",
              "1",
              "--new-tokens",
              "128",
              "--sweep",
              "images=128,lanes=2; batch=128"
            });
    var runs = a.runs();
    assertThat(runs).hasSize(3);
    assertThat(runs.get(1).images()).isEqualTo(128);
    assertThat(runs.get(1).lanes()).isEqualTo(2);
    assertThat(runs.get(1).batch()).isEqualTo(32);
    assertThat(runs.get(1).newTokens()).isEqualTo(128);
    assertThat(runs.get(2).images()).isEqualTo(64);
    assertThat(runs.get(2).batch()).isEqualTo(128);
    assertThat(runs.get(2).model()).isEqualTo("random:7B");
    assertThatThrownBy(
            () -> BenchArgs.parse("--model random:tiny --sweep model=random:7B".split(" ")).runs())
        .hasMessageContaining("'model=random:7B'");
  }

  @Test
  void badArgumentsNameTheValue() {
    assertThatThrownBy(() -> BenchArgs.parse("--images 4".split(" ")))
        .hasMessageContaining("--model is required");
    assertThatThrownBy(() -> BenchArgs.parse("--model random:tiny --size 12".split(" ")))
        .hasMessageContaining("WxH, got '12'");
    assertThatThrownBy(() -> BenchArgs.parse("--model random:tiny --images -3".split(" ")))
        .hasMessageContaining("got -3");
    assertThatThrownBy(() -> BenchArgs.parse("--model random:tiny --precision bf16".split(" ")))
        .hasMessageContaining("'bf16'");
    assertThatThrownBy(() -> BenchArgs.parse("--model random:tiny --frobnicate 1".split(" ")))
        .hasMessageContaining("'--frobnicate'");
  }

  @Test
  void workloadIsTheCaptionPromptWithOneExpandedImage() {
    var cfg = PublishedConfigs.QWEN25_VL_7B;
    SyntheticWorkload w = new SyntheticWorkload(cfg, 3, 1280, 720, 128, 1);
    assertThat(w.gridH).isEqualTo(52);
    assertThat(w.gridW).isEqualTo(92);
    assertThat(w.mergedTokens).isEqualTo(1196);
    assertThat(w.promptTokens()).isEqualTo(1221);
    int[] ids = w.requests.get(0).promptTokenIds();
    assertThat(ids[14]).isEqualTo(151652);
    assertThat(ids[15]).isEqualTo(151655);
    assertThat(ids[15 + 1195]).isEqualTo(151655);
    assertThat(ids[15 + 1196]).isEqualTo(151653);
    assertThat(w.requests.get(2).config().ignoreEos()).isTrue();
    assertThat(w.requests.get(2).config().maxNewTokens()).isEqualTo(128);
    assertThat(w.requests.get(1).vision().get(0).pixelValues()).hasSize(4784 * 1176);
  }

  @Test
  void visionFlopsOfA7bImageMatchTheHandCount() {
    // 2*4784*(1280*5120 + 3*1280*3420)*32 + patch embed + window/full attention + merger
    double expected = 6.0275e12 + 1.440e10 + 5.126e11 + 1.066e11;
    double f = VisionFlops.perImage(PublishedConfigs.QWEN25_VL_7B, 52, 92);
    assertThat(f).isBetween(expected * 0.999, expected * 1.001);
  }
}
