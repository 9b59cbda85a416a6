package io.sparkqwenvl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotateArgsTest {

  private static final GenerationConfig G = GenerationConfig.qwenDefault(64);

  @Test
  void defaultsDeriveFromTheTable() {
    AnnotateArgs a = AnnotateArgs.parse(new String[] {"--input", "samples", "--table=/tmp/t/"});
    assertThat(a.table()).isEqualTo("/tmp/t");
    assertThat(a.quarantineTable()).isEqualTo("/tmp/t_quarantine");
    assertThat(a.runsTable()).isEqualTo("/tmp/t_runs");
    assertThat(a.model()).isNull();
    BackendSettings s = BackendSettings.resolve(a, Map.of());
    assertThat(s.model()).isEqualTo("Qwen/Qwen2.5-VL-3B-Instruct");
    assertThat(s.device()).isEqualTo("auto");
    assertThat(s.precision()).isEqualTo("auto");
    assertThat(s.engineOptions()).isEqualTo(EngineOptions.defaults());
    assertThat(s.cacheDir()).isNull();
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

  /** Job argument over --conf over the session's setting over the default. */
  @Test
  void backendSettingsResolveLikeAReadOfTheSource() {
    Map<String, String> session =
        Map.of(
            "spark.sql.qwenvl.model", "session-model",
            "spark.sql.qwenvl.device", "gpu:1",
            "spark.sql.qwenvl.precision", "fp16",
            "spark.sql.qwenvl.engine.lanes", "3",
            "spark.sql.qwenvl.engine.kv-capacity", "1024",
            "spark.sql.qwenvl.cache-dir", "/session/cache",
            "spark.executor.memory", "1g");
    AnnotateArgs bare = AnnotateArgs.parse(new String[] {"--input", "x"});
    BackendSettings fromSession = BackendSettings.resolve(bare, session);
    assertThat(fromSession.model()).isEqualTo("session-model");
    assertThat(fromSession.device()).isEqualTo("gpu:1");
    assertThat(fromSession.precision()).isEqualTo("fp16");
    assertThat(fromSession.engineOptions().lanes()).isEqualTo(3);
    assertThat(fromSession.cacheDir()).isEqualTo("/session/cache");
    assertThat(fromSession.sqlConf()).doesNotContainKey("spark.executor.memory");

    AnnotateArgs given =
        AnnotateArgs.parse(
            new String[] {
              "--input", "x",
              "--model", "tiny",
              "--device", "cpu",
              "--precision", "fp32",
              "--conf", "spark.sql.qwenvl.engine.lanes=2",
              "--conf", "spark.sql.qwenvl.engine.submit-timeout=5s",
              "--conf", "spark.sql.qwenvl.cache-dir=/job/cache"
            });
    BackendSettings s = BackendSettings.resolve(given, session);
    assertThat(s.model()).isEqualTo("tiny");
    assertThat(s.device()).isEqualTo("cpu");
    assertThat(s.precision()).isEqualTo("fp32");
    assertThat(s.cacheDir()).isEqualTo("/job/cache");
    assertThat(s.engineOptions())
        .isEqualTo(
            EngineOptions.defaults()
                .withLanes(2)
                .withKvCapacity(1024)
                .withSubmitTimeout(Duration.ofSeconds(5)));
    assertThat(s.conf().model()).isEqualTo("tiny");
  }

  @Test
  void badBackendSettingsFailOnTheDriverNamingTheKey() {
    AnnotateArgs lanes =
        AnnotateArgs.parse(
            new String[] {"--input", "x", "--conf", "spark.sql.qwenvl.engine.lanes=none"});
    assertThatThrownBy(() -> BackendSettings.resolve(lanes, Map.of()))
        .hasMessageContaining("spark.sql.qwenvl.engine.lanes")
        .hasMessageContaining("'none'");
    AnnotateArgs device = AnnotateArgs.parse(new String[] {"--input", "x", "--device", "tpu"});
    assertThatThrownBy(() -> BackendSettings.resolve(device, Map.of()))
        .hasMessageContaining("'tpu'");
    AnnotateArgs precision =
        AnnotateArgs.parse(new String[] {"--input", "x", "--precision", "bf16"});
    assertThatThrownBy(() -> BackendSettings.resolve(precision, Map.of()))
        .hasMessageContaining("'bf16'");
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
