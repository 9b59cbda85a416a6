package io.sparkqwenvl.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationConfigTest {

  @Test
  void stopsOnBothQwenEndTokensUnlessIgnored() {
    GenerationConfig c = GenerationConfig.greedy(8);
    assertThat(c.isStop(151645)).isTrue();
    assertThat(c.isStop(151643)).isTrue();
    assertThat(c.isStop(13)).isFalse();
    assertThat(c.withIgnoreEos(true).isStop(151645)).isFalse();
  }

  @Test
  void rejectsNonsenseWithTheValue() {
    assertThatThrownBy(() -> GenerationConfig.greedy(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> GenerationConfig.greedy(4).withSampling(0, 0, 1, 1))
        .hasMessageContaining("temperature");
  }
}
