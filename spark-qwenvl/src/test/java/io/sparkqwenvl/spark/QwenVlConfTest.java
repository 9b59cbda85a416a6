package io.sparkqwenvl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.time.Duration;
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
    assertThat(engine).isEqualTo(EngineOptions.defaults());
  }

  /** Every engine key: the read option over the session setting over the default. */
  @Test
  void everyEngineKeyReachesEngineOptions() {
    Map<String, String> session =
        Map.of(
            QwenVlSQLProperties.ENGINE_MAX_BATCH_SEQUENCES, "8",
            QwenVlSQLProperties.ENGINE_MAX_BATCH_TOKENS, "1000",
            QwenVlSQLProperties.ENGINE_KV_CAPACITY, "512",
            QwenVlSQLProperties.ENGINE_MEMORY_BUDGET_BYTES, "123456789",
            QwenVlSQLProperties.ENGINE_QUEUE_CAPACITY, "7",
            QwenVlSQLProperties.ENGINE_SUBMIT_TIMEOUT, "30s",
            QwenVlSQLProperties.ENGINE_LANES, "2");
    assertThat(new QwenVlConf(Map.of(), session).engineOptions())
        .isEqualTo(new EngineOptions(8, 1000, 512, 123456789L, 7, Duration.ofSeconds(30), 2));

    Map<String, String> options =
        Map.of(
            "engine.max-batch-sequences", "4",
            "engine.max-batch-tokens", "2000",
            "engine.kv-capacity", "256",
            "engine.memory-budget-bytes", "99",
            "engine.queue-capacity", "3",
            "Engine.Submit-Timeout", "250ms",
            "engine.lanes", "3");
    assertThat(new QwenVlConf(options, session).engineOptions())
        .isEqualTo(new EngineOptions(4, 2000, 256, 99L, 3, Duration.ofMillis(250), 3));

    // One key set per layer: each falls back independently.
    EngineOptions mixed =
        new QwenVlConf(
                Map.of("engine.lanes", "4"),
                Map.of(
                    QwenVlSQLProperties.ENGINE_LANES, "2",
                    QwenVlSQLProperties.ENGINE_KV_CAPACITY, "1024"))
            .engineOptions();
    assertThat(mixed).isEqualTo(EngineOptions.defaults().withLanes(4).withKvCapacity(1024));
    assertThat(QwenVlSQLProperties.ENGINE_LANES_DEFAULT).isEqualTo(1);
  }

  /** Lanes default to 2 on a GPU (measured: +32% on W1) and 1 on the CPU; a setting wins. */
  @Test
  void lanesDefaultDependsOnTheDevice() {
    QwenVlConf plain = new QwenVlConf(Map.of(), Map.of());
    assertThat(plain.engineOptions("cpu").lanes()).isEqualTo(1);
    assertThat(plain.engineOptions("gpu:0").lanes()).isEqualTo(2);
    assertThat(plain.engineOptions("gpu:3")).isEqualTo(EngineOptions.defaults().withLanes(2));
    QwenVlConf one = new QwenVlConf(Map.of(), Map.of(QwenVlSQLProperties.ENGINE_LANES, "1"));
    assertThat(one.engineOptions("gpu:0").lanes()).isEqualTo(1);
    QwenVlConf three = new QwenVlConf(Map.of("engine.lanes", "3"), Map.of());
    assertThat(three.engineOptions("cpu").lanes()).isEqualTo(3);
  }

  @Test
  void badEngineValuesNameTheKey() {
    assertThatThrownBy(
            () ->
                new QwenVlConf(Map.of(), Map.of(QwenVlSQLProperties.ENGINE_LANES, "0"))
                    .engineOptions())
        .hasMessageContaining(QwenVlSQLProperties.ENGINE_LANES)
        .hasMessageContaining("'0'");
    assertThatThrownBy(
            () -> new QwenVlConf(Map.of("engine.submit-timeout", "soon"), Map.of()).engineOptions())
        .hasMessageContaining("engine.submit-timeout")
        .hasMessageContaining("'soon'");
    assertThatThrownBy(
            () ->
                new QwenVlConf(
                        Map.of(), Map.of(QwenVlSQLProperties.ENGINE_MEMORY_BUDGET_BYTES, "-1"))
                    .engineOptions())
        .hasMessageContaining(QwenVlSQLProperties.ENGINE_MEMORY_BUDGET_BYTES);
    assertThat(
            new QwenVlConf(Map.of(), Map.of(QwenVlSQLProperties.ENGINE_SUBMIT_TIMEOUT, "0"))
                .engineOptions()
                .submitTimeout())
        .isEqualTo(Duration.ZERO);
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
