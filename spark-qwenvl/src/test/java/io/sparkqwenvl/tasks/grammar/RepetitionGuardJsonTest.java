package io.sparkqwenvl.tasks.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.tasks.RepetitionDetector;
import io.sparkqwenvl.tasks.RepetitionGuard;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import org.junit.jupiter.api.Test;

class RepetitionGuardJsonTest {

  @Test
  void aLoopInsideJsonIsClosedByTheShortestCompletion() {
    FakeVocabulary vocab = new FakeVocabulary();
    JsonGrammar g =
        JsonGrammar.compile(
            SchemaParser.parse("a STRING, b ARRAY<INT>, c DATE"), vocab, FakeVocabulary.STOPS);
    JsonConstraint json = g.newConstraint();
    RepetitionGuard guard =
        new RepetitionGuard(
            json, vocab.size(), FakeVocabulary.STOPS, new RepetitionDetector(4, 4, 8));
    for (char ch : "{\"a\":\"".toCharArray()) {
      guard.accept(ch);
    }
    int loops = 0;
    while (!guard.repetitionDetected()) {
      guard.accept(loops++ % 2 == 0 ? 'a' : 'b');
    }
    assertThat(loops).isEqualTo(8);
    int close = json.tokensToClose();
    int steps = 0;
    StringBuilder tail = new StringBuilder();
    while (!guard.isComplete()) {
      long[] mask = guard.allowedTokens(1000);
      int pick = -1;
      for (int t = 0; t < vocab.size() && pick < 0; t++) {
        if ((mask[t >>> 6] & (1L << t)) != 0) {
          pick = t;
        }
      }
      guard.accept(pick);
      tail.append(new String(vocab.tokenBytes(pick)));
      steps++;
    }
    assertThat(steps).isLessThanOrEqualTo(close);
    assertThat(g.accepts("{\"a\":\"" + "ab".repeat(4) + tail)).isTrue();
  }
}
