package io.sparkqwenvl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.model.Precision;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.testing.LogCapture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorModelCacheTest {

  @AfterEach
  void closeModels() {
    ExecutorModelCache.closeAll();
  }

  @Test
  void deviceComesFromTheTasksGpuAddress() {
    assertThat(ExecutorModelCache.resolveDevice("auto", new String[] {"3"})).isEqualTo("gpu:3");
    assertThat(ExecutorModelCache.resolveDevice("gpu", new String[] {"1", "2"})).isEqualTo("gpu:1");
    assertThat(ExecutorModelCache.resolveDevice("auto", (String[]) null)).isEqualTo("cpu");
    assertThat(ExecutorModelCache.resolveDevice("gpu", new String[0])).isEqualTo("gpu:0");
    assertThat(ExecutorModelCache.resolveDevice("CPU", new String[] {"0"})).isEqualTo("cpu");
    assertThat(ExecutorModelCache.resolveDevice("gpu:5", new String[] {"0"})).isEqualTo("gpu:5");
    assertThatThrownBy(() -> ExecutorModelCache.resolveDevice("tpu", (String[]) null))
        .hasMessageContaining("'tpu'");
  }

  @Test
  void precisionFollowsTheDevice() {
    assertThat(ExecutorModelCache.resolvePrecision("auto", "cpu")).isEqualTo(Precision.FP32);
    assertThat(ExecutorModelCache.resolvePrecision("auto", "gpu:0"))
        .isEqualTo(Precision.FP16_MIXED);
    assertThat(ExecutorModelCache.resolvePrecision("fp32", "gpu:0")).isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> ExecutorModelCache.resolvePrecision("bf16", "cpu"))
        .hasMessageContaining("'bf16'");
  }

  @Test
  void oneModelPerKeySharedByConcurrentTasksAndClosedOnce() throws Exception {
    QwenVlConf conf =
        new QwenVlConf(
            Map.of(), Map.of(QwenVlSQLProperties.MODEL, "tiny", QwenVlSQLProperties.DEVICE, "cpu"));
    List<Annotator> seen = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> seen.add(ExecutorModelCache.get(conf)));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(4);
    assertThat(seen).allSatisfy(a -> assertThat(a).isSameAs(seen.get(0)));
    assertThat(ExecutorModelCache.loaded())
        .containsExactly(new ExecutorModelCache.ModelKey("tiny", "cpu", Precision.FP32));
    assertThat(seen.get(0).modelInfo().revision()).isNotBlank();
    ExecutorModelCache.closeAll();
    assertThat(ExecutorModelCache.loaded()).isEmpty();
    Annotator reloaded = ExecutorModelCache.get(conf);
    assertThat(reloaded).isNotSameAs(seen.get(0));
  }

  @Test
  void laterReadsWithOtherEngineSettingsAreWarnedOnce() {
    QwenVlConf first =
        new QwenVlConf(
            Map.of(), Map.of(QwenVlSQLProperties.MODEL, "tiny", QwenVlSQLProperties.DEVICE, "cpu"));
    QwenVlConf other =
        new QwenVlConf(
            Map.of("engine.max-batch-sequences", "5"),
            Map.of(QwenVlSQLProperties.MODEL, "tiny", QwenVlSQLProperties.DEVICE, "cpu"));
    try (LogCapture logs = LogCapture.start("io.sparkqwenvl.spark")) {
      Annotator a = ExecutorModelCache.get(first);
      assertThat(ExecutorModelCache.get(first)).isSameAs(a);
      assertThat(logs.text()).doesNotContain("already loaded with engine settings");
      assertThat(ExecutorModelCache.get(other)).isSameAs(a);
      assertThat(ExecutorModelCache.get(other)).isSameAs(a);
      assertThat(a.engineOptions().maxBatchSequences()).isEqualTo(32);
      assertThat(logs.events().stream().filter(e -> e.contains("already loaded")).count())
          .isEqualTo(1);
      assertThat(logs.text()).contains("maxBatchSequences=5");
    }
  }
}
