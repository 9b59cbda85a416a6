package io.sparkqwenvl.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.tasks.grammar.JsonText;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RepetitionDetectorTest {

  @Test
  void detectsALoopOfAnNgramDuringDecoding() {
    RepetitionDetector d = new RepetitionDetector(16, 4, 32);
    int[] prefix = {5, 6, 7, 8, 9, 10, 11};
    for (int t : prefix) {
      assertThat(d.push(t)).isFalse();
    }
    int[] unit = {100, 101, 102, 103, 104, 105, 106}; // 7-gram
    int pushed = 0;
    boolean hit = false;
    while (!hit) {
      hit = d.push(unit[pushed % unit.length]);
      pushed++;
    }
    // needs >= 4 copies and >= 32 tokens of span: 5 copies = 35 tokens, detected at token 32
    assertThat(pushed).isEqualTo(32);
  }

  @Test
  void shortLegitimateRunsAreNotLoops() {
    RepetitionDetector d = new RepetitionDetector();
    for (int i = 0; i < 20; i++) {
      assertThat(d.push(7)).isFalse(); // 20 identical tokens: under the 32-token span
    }
    for (int i = 0; i < 200; i++) {
      assertThat(d.push(1000 + i)).isFalse();
    }
  }

  @Test
  void posthocTrimKeepsOneCopy() {
    int[] tokens = new int[5 + 40];
    for (int i = 0; i < 5; i++) {
      tokens[i] = i;
    }
    for (int i = 0; i < 40; i++) {
      tokens[5 + i] = 50 + i % 4;
    }
    int[] trimmed = RepetitionDetector.trim(tokens);
    assertThat(trimmed).containsExactly(0, 1, 2, 3, 4, 50, 51, 52, 53);
    int[] clean = {1, 2, 3};
    assertThat(RepetitionDetector.trim(clean)).isSameAs(clean);
  }

  @Test
  void guardAllowsEverythingThenOnlyStops() {
    int vocab = 200;
    RepetitionGuard g =
        new RepetitionGuard(null, vocab, new int[] {150, 151}, new RepetitionDetector(4, 3, 6));
    assertThat(count(g.allowedTokens(10))).isEqualTo(vocab);
    for (int i = 0; i < 6 && !g.repetitionDetected(); i++) {
      g.accept(i % 2 == 0 ? 7 : 8);
    }
    assertThat(g.repetitionDetected()).isTrue();
    assertThat(g.isComplete()).isTrue();
    long[] mask = g.allowedTokens(10);
    assertThat(count(mask)).isEqualTo(2);
    assertThat(mask[150 >>> 6] & (1L << 150)).isNotZero();
  }

  @Test
  void jsonEscapingIsValid() {
    assertThat(JsonText.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  static int count(long[] mask) {
    return Arrays.stream(mask).mapToInt(Long::bitCount).sum();
  }
}
