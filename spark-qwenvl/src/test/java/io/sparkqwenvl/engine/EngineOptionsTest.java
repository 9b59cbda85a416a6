package io.sparkqwenvl.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

  @Test
  void withersChangeOneSettingAndKeepTheOthers() {
    EngineOptions o =
        EngineOptions.defaults()
            .withMaxBatchSequences(8)
            .withMaxBatchTokens(1000)
            .withKvCapacity(300)
            .withMemoryBudgetBytes(1L << 30)
            .withQueueCapacity(5)
            .withSubmitTimeout(Duration.ofSeconds(2))
            .withLanes(3);
    assertThat(o).isEqualTo(new EngineOptions(8, 1000, 300, 1L << 30, 5, Duration.ofSeconds(2), 3));
    assertThat(EngineOptions.defaults().lanes()).isEqualTo(1);
    assertThat(EngineOptions.defaults().submitTimeout()).isNull();
  }

  @Test
  void nonsenseIsRejectedWithTheValue() {
    assertThatThrownBy(() -> EngineOptions.defaults().withLanes(0))
        .hasMessageContaining("lanes must be >= 1, got 0");
    assertThatThrownBy(() -> EngineOptions.defaults().withKvCapacity(-4))
        .hasMessageContaining("kvCapacity must be >= 1, got -4");
    assertThatThrownBy(() -> EngineOptions.defaults().withMemoryBudgetBytes(-1))
        .hasMessageContaining("got -1");
    assertThatThrownBy(() -> EngineOptions.defaults().withSubmitTimeout(Duration.ofMillis(-5)))
        .hasMessageContaining("submitTimeout");
  }
}
