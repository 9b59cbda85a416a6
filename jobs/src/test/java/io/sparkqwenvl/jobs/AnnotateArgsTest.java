package io.sparkqwenvl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotateArgsTest {

  private static final GenerationConfig G = GenerationConfig.qwenDefault(64);

  @Test
  void defaultsDeriveFromTheTable() {
    AnnotateArgs a = AnnotateArgs.parse(new String[] {"--input", "samples", "--table=/tmp/t/"});
    assertThat(a.table()).isEqualTo("/tmp/t");
    assertThat(a.quarantineTable()).isEqualTo("/tmp/t_quarantine");
    assertThat(a.runsTable()).isEqualTo("/tmp/t_runs");
    assertThat(a.model()).isEqualTo("Qwen/Qwen2.5-VL-3B-Instruct");
    assertThat(a.master()).isEqualTo("local[*]");
    assertThat(a.tasks()).isEqualTo("caption");
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> AnnotateArgs.parse(new String[] {"--input", "x", "--colour", "red"}))
        .hasMessageContaining("unknown option --colour");
    assertThatThrownBy(() -> AnnotateArgs.parse(new String[] {"--table", "x"}))
        .hasMessageContaining("--input is required");
    assertThatThrownBy(
            () -> AnnotateArgs.parse(new String[] {"--input", "x", "--max-new-tokens", "lots"}))
        .hasMessageContaining("--max-new-tokens expects an integer, got 'lots'");
    assertThat(
            AnnotateArgs.parse(new String[] {"--input", "x", "--conf", "spark.a=b=c"}).sparkConf())
        .containsEntry("spark.a", "b=c");
  }

  @Test
  void taskSyntax() {
    List<TaskSpec> t =
        TaskListParser.parse(
            "caption, ocr,detect=cat,extract='total DOUBLE, issued DATE',prompt=\"Say: a, b\"", G);
    assertThat(t)
        .extracting(TaskSpec::kind)
        .containsExactly(
            TaskKind.CAPTION, TaskKind.OCR, TaskKind.DETECT, TaskKind.EXTRACT, TaskKind.PROMPT);
    assertThat(t.get(2).target()).isEqualTo("cat");
    assertThat(t.get(3).schemaDdl()).isEqualTo("total DOUBLE, issued DATE");
    assertThat(t.get(4).prompt()).isEqualTo("Say: a, b");
  }

  @Test
  void taskSyntaxErrors() {
    assertThatThrownBy(() -> TaskListParser.parse("caption,,ocr", G))
        .hasMessageContaining("empty item");
    assertThatThrownBy(() -> TaskListParser.parse("extract='a INT", G))
        .hasMessageContaining("unclosed quote");
    assertThatThrownBy(() -> TaskListParser.parse("detect", G)).hasMessageContaining("detect=cat");
    assertThatThrownBy(() -> TaskListParser.parse("paint", G))
        .hasMessageContaining("unknown task 'paint'");
  }

  @Test
  void promptHashChangesWithEverySetting() {
    TaskSpec cap = TaskSpec.of(TaskKind.CAPTION, G);
    String h = TaskKeys.promptHash(cap, MediaOptions.DEFAULTS);
    assertThat(h)
        .hasSize(64)
        .isEqualTo(TaskKeys.promptHash(TaskSpec.of(TaskKind.CAPTION, G), MediaOptions.DEFAULTS));
    assertThat(
            TaskKeys.promptHash(
                TaskSpec.of(TaskKind.CAPTION, G.withMaxNewTokens(65)), MediaOptions.DEFAULTS))
        .isNotEqualTo(h);
    assertThat(TaskKeys.promptHash(cap, new MediaOptions(null, 1000, null, null, null)))
        .isNotEqualTo(h);
    assertThat(TaskKeys.promptHash(TaskSpec.of(TaskKind.OCR, G), MediaOptions.DEFAULTS))
        .isNotEqualTo(h);
  }

  @Test
  void sniffing() {
    assertThat(MediaSniffer.kind("a/b.bin", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}))
        .isEqualTo("image");
    assertThat(MediaSniffer.kind("a/b.bin", AnnotateJobTest.mp4Header())).isEqualTo("video");
    assertThat(MediaSniffer.kind("a/b.JPG", "<html>".getBytes())).isEqualTo("image");
    assertThat(MediaSniffer.kind("a/b.txt", "hello world!".getBytes())).isNull();
    assertThat(MediaSniffer.kind("a.dir/README", "hello world!".getBytes())).isNull();
  }

  @Test
  void progressLine() {
    ConsoleProgress p = new ConsoleProgress(System.out, false);
    p.planned(10, 0, 10);
    assertThat(p.line(5, 1, 100, System.currentTimeMillis() + 10_000))
        .contains("5/10 files (1 failed)")
        .contains("images/s")
        .contains("tokens/s")
        .contains("ETA");
    assertThat(ConsoleProgress.formatSeconds(3725)).isEqualTo("1h02m");
  }
}
