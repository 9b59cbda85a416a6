package io.sparkqwenvl.tasks.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.tasks.schema.SchemaParser;
import io.sparkqwenvl.tasks.schema.TypedJsonReader;
import io.sparkqwenvl.tasks.schema.TypedRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonGrammarTest {

  private static final FakeVocabulary VOCAB = new FakeVocabulary();

  private static JsonGrammar grammar(String ddl) {
    return JsonGrammar.compile(SchemaParser.parse(ddl), VOCAB, FakeVocabulary.STOPS);
  }

  @Test
  void acceptsExactlyTheSchemaStruct() {
    JsonGrammar g = grammar("a INT, b STRING, c ARRAY<BOOLEAN>");
    assertThat(g.accepts("{\"a\":1,\"b\":\"x\",\"c\":[true,false]}")).isTrue();
    assertThat(g.accepts("{\n  \"a\": -12,\n  \"b\": \"\\\"q\\u00e9\",\n  \"c\": []\n}")).isTrue();
    assertThat(g.accepts("{\"a\":null,\"b\":null,\"c\":null}")).isTrue();
    assertThat(g.accepts("null")).isTrue();
    assertThat(g.accepts("{\"b\":\"x\",\"a\":1,\"c\":[]}")).as("key order").isFalse();
    assertThat(g.accepts("{\"a\":1,\"b\":\"x\"}")).as("missing field").isFalse();
    assertThat(g.accepts("{\"a\":01,\"b\":\"x\",\"c\":[]}")).as("leading zero").isFalse();
    assertThat(g.accepts("{\"a\":1.5,\"b\":\"x\",\"c\":[]}")).as("int with fraction").isFalse();
    assertThat(g.accepts("{\"a\":1,\"b\":\"x\ny\",\"c\":[]}")).as("raw newline").isFalse();
    assertThat(g.accepts("{\"a\":1,\"b\":\"\\x\",\"c\":[]}")).as("bad escape").isFalse();
    assertThat(g.accepts("{\"a\":1,\"b\":\"x\",\"c\":[]} ")).as("trailing bytes").isFalse();
  }

  @Test
  void integerRangesAreEnforced() {
    JsonGrammar g = grammar("i INT, l BIGINT");
    assertThat(g.accepts("{\"i\":2147483647,\"l\":9223372036854775807}")).isTrue();
    assertThat(g.accepts("{\"i\":-2147483648,\"l\":-9223372036854775808}")).isTrue();
    assertThat(g.accepts("{\"i\":2147483648,\"l\":0}")).isFalse();
    assertThat(g.accepts("{\"i\":0,\"l\":9223372036854775808}")).isFalse();
    assertThat(g.accepts("{\"i\":-2147483649,\"l\":0}")).isFalse();
  }

  @Test
  void decimalsFloatsDatesAndTimestamps() {
    JsonGrammar g = grammar("d DECIMAL(5,2), f DOUBLE, day DATE, ts TIMESTAMP");
    String ok =
        "{\"d\":-123.45,\"f\":1.5e+10,\"day\":\"2024-02-29\",\"ts\":\"2024-12-31T23:59:59Z\"}";
    assertThat(g.accepts(ok)).isTrue();
    assertThat(g.accepts(ok.replace("-123.45", "1234.5"))).as("too many int digits").isFalse();
    assertThat(g.accepts(ok.replace("-123.45", "1.234"))).as("scale").isFalse();
    assertThat(g.accepts(ok.replace("-123.45", "12."))).as("dangling point").isFalse();
    assertThat(g.accepts(ok.replace("2024-02-29", "2023-02-29"))).as("not leap").isFalse();
    assertThat(g.accepts(ok.replace("2024-02-29", "2024-04-31"))).as("april 31").isFalse();
    assertThat(g.accepts(ok.replace("2024-02-29", "2024-13-01"))).as("month 13").isFalse();
    assertThat(g.accepts(ok.replace("2024-02-29", "2024-00-10"))).as("month 0").isFalse();
    assertThat(g.accepts(ok.replace("2024-02-29", "2000-02-29"))).as("400 leap").isTrue();
    assertThat(g.accepts(ok.replace("2024-02-29", "1900-02-29"))).as("100 not leap").isFalse();
    assertThat(g.accepts(ok.replace("23:59:59", "24:00:00"))).as("hour 24").isFalse();
    assertThat(g.accepts(ok.replace("23:59:59", "23:60:00"))).as("minute 60").isFalse();
  }

  @Test
  void enumsAllowOnlyTheirValues() {
    JsonGrammar g = grammar("kind STRING COMMENT 'one of: cat, dog, \"big \\\"bird\\\"\"'");
    assertThat(g.accepts("{\"kind\":\"cat\"}")).isTrue();
    assertThat(g.accepts("{\"kind\":\"dog\"}")).isTrue();
    assertThat(g.accepts("{\"kind\":\"ca\"}")).isFalse();
    assertThat(g.accepts("{\"kind\":\"cats\"}")).isFalse();
    assertThat(g.accepts("{\"kind\":null}")).isTrue();
  }

  @Test
  void whitespaceRunsAreBounded() {
    JsonGrammar g = grammar("a INT");
    assertThat(g.accepts("{" + " ".repeat(JsonAutomaton.MAX_WS) + "\"a\":1}")).isTrue();
    assertThat(g.accepts("{" + " ".repeat(JsonAutomaton.MAX_WS + 1) + "\"a\":1}")).isFalse();
  }

  @Test
  void stopTokensOnlyWhenCompleteAndMisuseIsReported() {
    JsonGrammar g = grammar("a BOOLEAN");
    JsonConstraint c = g.newConstraint();
    assertThatThrownBy(() -> c.accept(FakeVocabulary.STOP_A))
        .hasMessageContaining("before the JSON value is complete");
    assertThatThrownBy(() -> c.accept('x')).hasMessageContaining("is not allowed");
    for (char ch : "{\"a\":true}".toCharArray()) {
      assertThat(c.isComplete()).isFalse();
      c.accept(ch);
    }
    assertThat(c.isComplete()).isTrue();
    long[] mask = c.allowedTokens(10);
    assertThat(bits(mask)).isEqualTo(2);
    assertThat(mask[FakeVocabulary.STOP_A >>> 6] & (1L << FakeVocabulary.STOP_A)).isNotZero();
  }

  @Test
  void topLevelNullOnlyWhenTheBudgetCannotHoldTheStruct() {
    JsonGrammar g = grammar("a INT, b STRING");
    long[] roomy = g.newConstraint().allowedTokens(50);
    assertThat(allowed(roomy, 'n')).isFalse();
    assertThat(allowed(roomy, '{')).isTrue();
    long[] tight = g.newConstraint().allowedTokens(1);
    assertThat(allowed(tight, '{')).isFalse();
    assertThat(bits(tight)).isEqualTo(2); // the two "null" tokens of the fake vocabulary
  }

  private static boolean allowed(long[] mask, int token) {
    return (mask[token >>> 6] & (1L << token)) != 0;
  }

  @Test
  void shortestCompletionClosesEveryOpenThing() {
    JsonGrammar g = grammar("a STRING, b ARRAY<STRUCT<x: INT, y: DATE>>, c DECIMAL(4,2)");
    JsonConstraint c = g.newConstraint();
    for (char ch : "{\"a\":\"hi\\".toCharArray()) {
      c.accept(ch);
    }
    assertThat(c.shortestCompletion()).isEqualTo("\"\",\"b\":null,\"c\":null}");
    for (char ch : "\"\",\"b\":[{\"x\":-".toCharArray()) {
      c.accept(ch);
    }
    assertThat(c.shortestCompletion()).isEqualTo("0,\"y\":null}],\"c\":null}");
    for (char ch : "0,\"y\":\"2024-02-2".toCharArray()) {
      c.accept(ch);
    }
    assertThat(c.shortestCompletion()).isEqualTo("0\"}],\"c\":null}");
  }

  private static final String[] SCHEMAS = {
    "a INT, b STRING, c BOOLEAN",
    "total DECIMAL(10,2), issued DATE, kind STRING COMMENT 'one of: invoice, receipt, other'",
    "items ARRAY<STRUCT<name: STRING, qty: INT, price DECIMAL(6,2)>>, tags ARRAY<STRING>",
    "m ARRAY<ARRAY<DOUBLE>>, s STRUCT<t: TIMESTAMP, f: FLOAT, n: STRUCT<l: BIGINT, e: STRING>>",
    "`odd \"key\"` STRING, empty STRUCT<>, flags ARRAY<BOOLEAN>"
  };

  @Test
  void randomLogitsUnderTheConstraintAlwaysParse() {
    int[] budgets = {1, 2, 3, 5, 8, 13, 30, 80, 200};
    for (String ddl : SCHEMAS) {
      JsonGrammar g = grammar(ddl);
      for (int seed = 0; seed < 60; seed++) {
        int budget = budgets[seed % budgets.length];
        RandomDecoder.Run run = RandomDecoder.run(g, VOCAB, seed, budget, FakeVocabulary.STOPS);
        assertThat(run.complete())
            .as("%s seed %d budget %d: %s", ddl, seed, budget, run.text())
            .isTrue();
        assertThat(run.tokens()).isLessThanOrEqualTo(budget);
        assertThat(g.accepts(run.text())).isTrue();
        TypedRecord r = TypedJsonReader.read(g.schema(), run.text());
        assertThat(r.nullReasons().values())
            .as("%s -> %s", run.text(), r.nullReasons())
            .allMatch(reason -> reason.equals(TypedJsonReader.MODEL_NULL));
      }
    }
  }

  @Test
  void typedValuesFromConstrainedText() {
    JsonGrammar g = grammar("total DECIMAL(10,2), issued DATE, n INT, items ARRAY<STRUCT<q: INT>>");
    String text =
        "{\"total\": 12.5, \"issued\": \"2024-02-29\", \"n\": null, \"items\": [{\"q\": 3}]}";
    assertThat(g.accepts(text)).isTrue();
    TypedRecord r = TypedJsonReader.read(g.schema(), text);
    assertThat(r.fields().get("total")).isEqualTo(new BigDecimal("12.50"));
    assertThat(r.fields().get("issued")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(r.fields().get("n")).isNull();
    assertThat(r.nullReasons()).containsEntry("n", TypedJsonReader.MODEL_NULL);
    assertThat(r.fields().get("items")).isEqualTo(List.of(Map.of("q", 3)));
  }

  static int bits(long[] mask) {
    int n = 0;
    for (long w : mask) {
      n += Long.bitCount(w);
    }
    return n;
  }
}
