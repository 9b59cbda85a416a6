package io.sparkqwenvl.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.spark.source.QwenVlReadOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options map of a call: which keys it takes and how they resolve. */
class CallOptionsTest {

  @Test
  void everyEngineReadOptionIsACallOption() {
    assertThat(CallOptions.KEYS).containsAll(QwenVlReadOptions.ENGINE_OPTIONS).hasSize(27);
  }

  @Test
  void engineOptionsOverTheSessionReachTheEngineSettings() {
    CallOptions o =
        new CallOptions(
            Map.of(
                "Engine.Lanes", "2",
                "engine.max-batch-sequences", "4",
                "engine.max-batch-tokens", "2048",
                "engine.memory-budget-bytes", "1000000",
                "engine.submit-timeout", "30s"));
    EngineOptions e =
        o.conf(
                Map.of(
                    "spark.sql.qwenvl.engine.lanes", "3",
                    "spark.sql.qwenvl.engine.kv-capacity", "1024",
                    "spark.sql.qwenvl.engine.queue-capacity", "8"))
            .engineOptions();
    assertThat(e)
        .isEqualTo(new EngineOptions(4, 2048, 1024, 1_000_000L, 8, Duration.ofSeconds(30), 2));
  }

  @Test
  void aBadEngineValueFailsNamingTheOption() {
    assertThatThrownBy(() -> new CallOptions(Map.of("engine.lanes", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engine.lanes");
    assertThatThrownBy(() -> new CallOptions(Map.of("engine.submit-timeout", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engine.submit-timeout");
    assertThatThrownBy(() -> new CallOptions(Map.of("engine.colour", "red")))
        .hasMessageContaining("unknown option 'engine.colour'");
  }
}
