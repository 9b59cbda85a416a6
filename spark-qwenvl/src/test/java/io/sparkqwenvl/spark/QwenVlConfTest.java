package io.sparkqwenvl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QwenVlConfTest {

  @Test
  void defaultsWhenNothingIsSet() {
    QwenVlConf conf = new QwenVlConf(Map.of(), Map.of());
    assertThat(conf.model()).isEqualTo(QwenVlSQLProperties.MODEL_DEFAULT);
    assertThat(conf.device()).isEqualTo("auto");
    assertThat(conf.precision()).isEqualTo("auto");
    assertThat(conf.inFlightPerTask()).isEqualTo(QwenVlSQLProperties.IN_FLIGHT_PER_TASK_DEFAULT);
    assertThat(conf.partitionTargetCost())
        .isEqualTo(QwenVlSQLProperties.PARTITION_TARGET_COST_DEFAULT);
    assertThat(conf.cacheDir()).isNull();
    assertThat(conf.failAfterRowsForTesting()).isNegative();
    assertThat(conf.mediaOptions()).isEqualTo(new MediaOptions(null, null, 2.0, null, true));
    TaskSpec task = conf.taskSpec();
    assertThat(task.kind()).isEqualTo(TaskKind.CAPTION);
    assertThat(task.generation().toString())
        .isEqualTo(GenerationConfig.qwenDefault(256).toString());
    EngineOptions engine = conf.engineOptions();
    assertThat(engine.maxBatchSequences()).isEqualTo(32);
    assertThat(engine.queueCapacity()).isEqualTo(256);
  }

  @Test
  void readOptionBeatsSessionBeatsDefault() {
    Map<String, String> session =
        Map.of(
            QwenVlSQLProperties.MODEL, "session-model",
            QwenVlSQLProperties.MAX_PIXELS, "50000",
            QwenVlSQLProperties.MIN_PIXELS, "3136",
            QwenVlSQLProperties.ENGINE_MAX_BATCH_SEQUENCES, "8");
    QwenVlConf sessionOnly = new QwenVlConf(Map.of(), session);
    assertThat(sessionOnly.model()).isEqualTo("session-model");
    assertThat(sessionOnly.mediaOptions().maxPixels()).isEqualTo(50000);
    assertThat(sessionOnly.engineOptions().maxBatchSequences()).isEqualTo(8);
    QwenVlConf both = new QwenVlConf(Map.of("Model", "tiny", "max-pixels", "20000"), session);
    assertThat(both.model()).isEqualTo("tiny");
    assertThat(both.mediaOptions().maxPixels()).isEqualTo(20000);
    assertThat(both.mediaOptions().minPixels()).isEqualTo(3136);
  }

  @Test
  void taskOptionsBuildTheTaskSpec() {
    QwenVlConf conf =
        new QwenVlConf(
            Map.of(
                "task", "detect",
                "target", "cat",
                "max-new-tokens", "64",
                "do-sample", "true",
                "temperature", "0.7",
                "top-k", "20",
                "top-p", "0.9",
                "seed", "42",
                "alpha", "drop"),
            Map.of());
    TaskSpec task = conf.taskSpec();
    assertThat(task.kind()).isEqualTo(TaskKind.DETECT);
    assertThat(task.target()).isEqualTo("cat");
    GenerationConfig g = task.generation();
    assertThat(g.maxNewTokens()).isEqualTo(64);
    assertThat(g.doSample()).isTrue();
    assertThat(g.temperature()).isEqualTo(0.7);
    assertThat(g.topK()).isEqualTo(20);
    assertThat(g.topP()).isEqualTo(0.9);
    assertThat(g.seed()).isEqualTo(42);
    assertThat(conf.mediaOptions().alphaOnWhite()).isFalse();
  }

  @Test
  void invalidValuesNameTheKeyAndValue() {
    assertThatThrownBy(() -> new QwenVlConf(Map.of("max-new-tokens", "lots"), Map.of()).taskSpec())
        .hasMessageContaining("max-new-tokens")
        .hasMessageContaining("'lots'");
    assertThatThrownBy(
            () ->
                new QwenVlConf(Map.of(), Map.of(QwenVlSQLProperties.IN_FLIGHT_PER_TASK, "0"))
                    .inFlightPerTask())
        .hasMessageContaining(QwenVlSQLProperties.IN_FLIGHT_PER_TASK)
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> new QwenVlConf(Map.of("alpha", "black"), Map.of()).mediaOptions())
        .hasMessageContaining("white or drop");
    assertThatThrownBy(
            () ->
                new QwenVlConf(Map.of("min-pixels", "9000", "max-pixels", "10"), Map.of())
                    .mediaOptions())
        .hasMessageContaining("min-pixels 9000");
    assertThatThrownBy(() -> new QwenVlConf(Map.of("task", "extract"), Map.of()).taskSpec())
        .hasMessageContaining("schema");
  }
}
