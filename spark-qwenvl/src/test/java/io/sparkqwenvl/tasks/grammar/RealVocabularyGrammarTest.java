package io.sparkqwenvl.tasks.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import io.sparkqwenvl.tasks.schema.TypedJsonReader;
import io.sparkqwenvl.tasks.schema.TypedRecord;
import org.junit.jupiter.api.Test;

class RealVocabularyGrammarTest {

  private static final String DDL =
      "vendor STRING, total DECIMAL(8,2), issued DATE, kind STRING COMMENT 'one of: invoice,"
          + " receipt', items ARRAY<STRUCT<name: STRING, qty: INT>>, paid BOOLEAN";

  @Test
  void randomLogitsOverTheQwenVocabularyAlwaysParse() {
    RealVocabulary vocab = RealVocabulary.load();
    JsonGrammar g = JsonGrammar.compile(SchemaParser.parse(DDL), vocab);
    int[] budgets = {1, 4, 9, 20, 60};
    for (int seed = 0; seed < 10; seed++) {
      int budget = budgets[seed % budgets.length];
      RandomDecoder.Run run =
          RandomDecoder.run(g, vocab, seed, budget, GenerationConfig.QWEN_STOP_TOKENS);
      assertThat(run.complete()).as("seed %d budget %d: %s", seed, budget, run.text()).isTrue();
      TypedRecord r = TypedJsonReader.read(g.schema(), run.text());
      assertThat(r.nullReasons().values())
          .as("%s -> %s", run.text(), r.nullReasons())
          .allMatch(reason -> reason.equals(TypedJsonReader.MODEL_NULL));
    }
  }

  @Test
  void initialMaskOffersObjectAndNullButNotProse() {
    RealVocabulary vocab = RealVocabulary.load();
    JsonGrammar g = JsonGrammar.compile(SchemaParser.parse(DDL), vocab);
    long[] mask = g.newConstraint().allowedTokens(100);
    int brace = 90; // "{" in Qwen's vocabulary
    assertThat(new String(vocab.tokenBytes(brace))).isEqualTo("{");
    assertThat(mask[brace >>> 6] & (1L << brace)).isNotZero();
    int hello = 9707; // "Hello"
    assertThat(mask[hello >>> 6] & (1L << hello)).isZero();
    assertThat(mask[151645 >>> 6] & (1L << 151645)).isZero();
    // with a budget of one token only a one-token null fits (leading whitespace allowed)
    long[] tight = g.newConstraint().allowedTokens(1);
    for (int t = 0; t < vocab.size(); t++) {
      if ((tight[t >>> 6] & (1L << t)) != 0) {
        assertThat(new String(vocab.tokenBytes(t)).strip()).isEqualTo("null");
      }
    }
  }
}
