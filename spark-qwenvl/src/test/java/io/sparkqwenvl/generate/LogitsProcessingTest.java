package io.sparkqwenvl.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogitsProcessingTest {

  @Test
  void repetitionPenaltyDividesPositivesAndMultipliesNegatives() {
    float[] l = {2f, -2f, 3f, 0f};
    LogitsProcessing.repetitionPenalty(l, new int[] {0, 1, 3}, 3, 2.0);
    assertThat(l).containsExactly(1f, -4f, 3f, 0f);
  }

  @Test
  void topKKeepsTiesWithTheKthValue() {
    float[] l = {1f, 5f, 3f, 3f, 0f};
    LogitsProcessing.topK(l, 2);
    assertThat(l).containsExactly(Float.NEGATIVE_INFINITY, 5f, 3f, 3f, Float.NEGATIVE_INFINITY);
  }

  @Test
  void topPKeepsTheSmallestSetAboveTheMassAndAlwaysTheBest() {
    float[] l = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    LogitsProcessing.topP(l, 0.6);
    assertThat(l[2]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(l[0]).isFinite();
    assertThat(l[1]).isFinite();
    float[] one = {0f, 10f};
    LogitsProcessing.topP(one, 0.001);
    assertThat(one).containsExactly(Float.NEGATIVE_INFINITY, 10f);
  }

  @Test
  void maskAndSample() {
    float[] l = {9f, 1f, 1f, 1f};
    long[] allowed = {0b1010L};
    LogitsProcessing.mask(l, allowed);
    assertThat(LogitsProcessing.argmax(l)).isEqualTo(1);
    assertThat(LogitsProcessing.sample(l, 0.0)).isEqualTo(1);
    assertThat(LogitsProcessing.sample(l, 0.99)).isEqualTo(3);
  }
}
