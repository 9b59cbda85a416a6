package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.util.Random;

/**
 * Measures mask cost over the real Qwen vocabulary (not a test): cold walks per state kind, then
 * the cached per-token cost of allowedTokens + accept along random constrained decodes. Run: java
 * -cp ... io.sparkqwenvl.tasks.grammar.GrammarBenchmark
 */
public final class GrammarBenchmark {

  private GrammarBenchmark() {}

  public static void main(String[] args) {
    long t0 = cpu();
    RealVocabulary vocab = RealVocabulary.load();
    long t1 = cpu();
    String ddl =
        "vendor STRING, total DECIMAL(8,2), issued DATE, kind STRING COMMENT 'one of: invoice,"
            + " receipt', items ARRAY<STRUCT<name: STRING, qty: INT>>, paid BOOLEAN";
    JsonGrammar g = JsonGrammar.compile(SchemaParser.parse(ddl), vocab);
    long t2 = cpu();
    System.out.printf("vocab load %.0f ms, compile (trie) %.0f ms%n", ms(t1 - t0), ms(t2 - t1));
    cold(g, "start", "");
    cold(g, "in free string", "{\"vendor\":\"Acme");
    cold(g, "after string value", "{\"vendor\":\"Acme\"");
    cold(g, "in decimal", "{\"vendor\":\"Acme\",\"total\":12");
    cold(g, "in date", "{\"vendor\":\"Acme\",\"total\":12,\"issued\":\"2024-0");
    cold(
        g,
        "in 2nd free string",
        "{\"vendor\":null,\"total\":null,\"issued\":null,"
            + "\"kind\":null,\"items\":[{\"name\":\"x");
    cold(g, "in enum", "{\"vendor\":null,\"total\":null,\"issued\":null,\"kind\":\"in");
    java.util.List<int[]> last = new java.util.ArrayList<>();
    for (int round = 0; round < 3; round++) {
      boolean replay = round == 2;
      java.util.List<int[]> picks = new java.util.ArrayList<>();
      long tokens = 0;
      long nanos = 0;
      long colds = g.coldWalks();
      Random rnd = new Random(round);
      for (int seed = 0; seed < 40; seed++) {
        JsonConstraint c = g.newConstraint();
        int budget = 150;
        int[] seq = new int[budget];
        int n = 0;
        for (; n < budget && !c.isComplete(); n++) {
          long s = System.nanoTime();
          long[] mask = c.allowedTokens(budget - n);
          int pick = replay ? last.get(seed)[n] : pickBiased(mask, rnd, vocab);
          c.accept(pick);
          nanos += System.nanoTime() - s;
          seq[n] = pick;
          tokens++;
        }
        picks.add(seq);
      }
      last = picks;
      System.out.printf(
          (replay ? "replay " : "")
              + "round %d: %d tokens, %.0f ns/token (allowedTokens+accept), cold walks %d%n",
          round,
          tokens,
          (double) nanos / tokens,
          g.coldWalks() - colds);
    }
  }

  private static void cold(JsonGrammar g, String what, String prefix) {
    JsonConstraint c = g.newConstraint();
    for (byte b : prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      c.accept(b < 0 ? b & 0xff : singleByteToken(b));
    }
    long s = cpu();
    c.allowedTokens(1000);
    long cold = cpu() - s;
    s = cpu();
    for (int i = 0; i < 1000; i++) {
      c.allowedTokens(1000);
    }
    long warm = (cpu() - s) / 1000;
    System.out.printf("%-20s cold %.1f ms, cached %d ns%n", what, ms(cold), warm);
  }

  private static int singleByteToken(byte b) {
    // GPT-2 byte order: printable ASCII '!'..'~' are ids 0..93; space is 220
    return b == ' ' ? 220 : b - 33;
  }

  /** Random allowed token, preferring short non-space tokens so values close now and then. */
  private static int pickBiased(long[] mask, Random rnd, RealVocabulary vocab) {
    int total = 0;
    for (long w : mask) {
      total += Long.bitCount(w);
    }
    for (int attempt = 0; ; attempt++) {
      int k = rnd.nextInt(total);
      int t = RandomDecoder.nthAllowed(mask, k);
      if (attempt > 8 || vocab.tokenBytes(t).length <= 2) {
        return t;
      }
    }
  }

  /** Thread CPU time: less sensitive than wall time to other processes on a shared machine. */
  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
