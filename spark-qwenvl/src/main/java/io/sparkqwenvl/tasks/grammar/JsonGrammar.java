package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.prompt.TokenVocabulary;
import io.sparkqwenvl.tasks.schema.DataType;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token-level JSON grammar compiled from a schema: the JSON value is exactly the schema's struct
 * (keys in schema order, every field may be {@code null}, whitespace runs of at most {@value
 * JsonAutomaton#MAX_WS} bytes between JSON tokens and none before the value, numbers and dates
 * valid for their type, enum strings restricted to their values), or {@code null} when the token
 * budget cannot hold the struct.
 *
 * <p>Masks are computed per automaton state by walking the vocabulary's token trie (cold) and
 * cached per state (warm); every per-sequence {@link JsonConstraint} of this grammar shares the
 * cache. Thread-safe.
 */
public final class JsonGrammar {

  private static final long MAX_CACHE_BYTES = 64L << 20;

  private final DataType.StructType schema;
  private final GrammarNode[] nodes;
  private final JsonAutomaton automaton;
  private final TokenTrie trie;
  private final byte[][] tokenBytes; // [vocab] bytes per id, empty for special/unused ids
  private final int[] stopTokens;
  private final int words;
  private final Map<StateKey, TokenMasks> masks = new ConcurrentHashMap<>();
  private final CostTable costs = new CostTable();
  private final long[] nullStart; // [words] tokens whose first byte is 'n'
  private final Map<long[], long[]> structOnly = new IdentityHashMap<>();
  private long cacheBytes;
  private volatile long coldWalks;

  private JsonGrammar(DataType.StructType schema, TokenVocabulary vocab, int[] stopTokens) {
    this.schema = schema;
    List<GrammarNode> list = GrammarNode.newList();
    GrammarNode.compileRoot(schema, list);
    this.nodes = list.toArray(new GrammarNode[0]);
    this.automaton = new JsonAutomaton(nodes, depth(schema) + 2);
    this.trie = TokenTrie.of(vocab);
    this.stopTokens = stopTokens.clone();
    int size = vocab.size();
    for (int t : stopTokens) {
      size = Math.max(size, t + 1);
    }
    this.words = (size + 63) >>> 6;
    this.tokenBytes = new byte[vocab.size()][];
    for (int id = 0; id < vocab.size(); id++) {
      byte[] b = vocab.isSpecial(id) ? null : vocab.tokenBytes(id);
      tokenBytes[id] = b == null ? new byte[0] : b;
    }
    this.nullStart = new long[words];
    for (int id = 0; id < tokenBytes.length; id++) {
      if (tokenBytes[id].length > 0 && tokenBytes[id][0] == 'n') {
        nullStart[id >>> 6] |= 1L << id;
      }
    }
  }

  /** Compiles {@code schema} for {@code vocab}, with Qwen's stop tokens (151645, 151643). */
  public static JsonGrammar compile(DataType.StructType schema, TokenVocabulary vocab) {
    return compile(schema, vocab, GenerationConfig.QWEN_STOP_TOKENS);
  }

  /** Compiles {@code schema} for {@code vocab}; {@code stopTokens} are allowed once complete. */
  public static JsonGrammar compile(
      DataType.StructType schema, TokenVocabulary vocab, int[] stopTokens) {
    return new JsonGrammar(schema, vocab, stopTokens);
  }

  /** Parses a DDL list and compiles it. */
  public static JsonGrammar compile(String ddl, TokenVocabulary vocab) {
    return compile(SchemaParser.parse(ddl), vocab);
  }

  public DataType.StructType schema() {
    return schema;
  }

  /** A fresh per-sequence constraint at the start of the value. */
  public JsonConstraint newConstraint() {
    return new JsonConstraint(this, automaton.initial());
  }

  /** True when {@code text} (UTF-8) is a complete value of this grammar. */
  public boolean accepts(String text) {
    long[] s = automaton.initial();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      if (!automaton.feed(s, b & 0xff)) {
        return false;
      }
    }
    return JsonAutomaton.isComplete(s);
  }

  /** Number of mask computations that walked the trie (cache misses) so far. */
  public long coldWalks() {
    return coldWalks;
  }

  JsonAutomaton automaton() {
    return automaton;
  }

  byte[] tokenBytes(int id) {
    return id >= 0 && id < tokenBytes.length ? tokenBytes[id] : new byte[0];
  }

  boolean isStop(int id) {
    for (int t : stopTokens) {
      if (t == id) {
        return true;
      }
    }
    return false;
  }

  /** Cached masks of {@code state}; computes them on a miss. */
  TokenMasks masks(long[] state, StateKey key) {
    TokenMasks m = masks.get(key);
    return m != null ? m : computeMasks(state, key);
  }

  /**
   * The first-token mask without the tokens that start a top-level {@code null}, so the answer is a
   * struct (whose fields may be null) whenever the budget allows one; the mask itself when only
   * {@code null} fits.
   */
  synchronized long[] withoutRootNull(long[] mask) {
    return structOnly.computeIfAbsent(
        mask,
        m -> {
          long[] r = m.clone();
          boolean any = false;
          for (int w = 0; w < r.length; w++) {
            r[w] &= ~nullStart[w];
            any |= r[w] != 0;
          }
          return any ? r : m;
        });
  }

  /** Tokens the shortest completion of {@code state} takes (0 when complete). */
  synchronized int closeTokens(long[] state) {
    return cost(state);
  }

  private synchronized TokenMasks computeMasks(long[] state, StateKey key) {
    TokenMasks m = masks.get(key);
    if (m != null) {
      return m;
    }
    m = JsonAutomaton.isComplete(state) ? stopMasks() : walk(state);
    if (cacheBytes + m.bytes() > MAX_CACHE_BYTES) {
      masks.clear();
      structOnly.clear();
      cacheBytes = 0;
    }
    masks.put(key, m);
    cacheBytes += m.bytes();
    return m;
  }

  private TokenMasks stopMasks() {
    long[] bits = new long[words];
    for (int t : stopTokens) {
      bits[t >>> 6] |= 1L << t;
    }
    return new TokenMasks(new int[] {0}, new long[][] {bits});
  }

  /** Walks the token trie from {@code state}, grouping allowed tokens by after-state cost. */
  private TokenMasks walk(long[] state) {
    coldWalks++;
    long[][] st = new long[trie.maxDepth + 1][automaton.capacity];
    System.arraycopy(state, 0, st[0], 0, JsonAutomaton.length(state));
    TreeMap<Integer, long[]> levels = new TreeMap<>();
    int i = 0;
    while (i < trie.nodes) {
      int d = trie.depth[i];
      long[] src = st[d - 1];
      long[] dst = st[d];
      System.arraycopy(src, 0, dst, 0, JsonAutomaton.length(src));
      if (!automaton.feed(dst, trie.nodeByte[i] & 0xff)) {
        i = trie.skip[i];
        continue;
      }
      int t = trie.token[i];
      if (t >= 0) {
        long[] bits = levels.computeIfAbsent(cost(dst), c -> new long[words]);
        for (; t >= 0; t = trie.sameNext[t]) {
          bits[t >>> 6] |= 1L << t;
        }
      }
      i++;
    }
    if (levels.isEmpty()) {
      throw new IllegalStateException("no token continues the JSON state; vocabulary lacks bytes");
    }
    int[] c = new int[levels.size()];
    long[][] cum = new long[levels.size()][];
    long[] acc = new long[words];
    int k = 0;
    for (Map.Entry<Integer, long[]> e : levels.entrySet()) {
      long[] bits = e.getValue();
      for (int w = 0; w < words; w++) {
        acc[w] |= bits[w];
      }
      c[k] = e.getKey();
      cum[k++] = acc.clone();
    }
    return new TokenMasks(c, cum);
  }

  private int cost(long[] s) {
    if (JsonAutomaton.isComplete(s)) {
      return 0;
    }
    int c = costs.get(s);
    if (c < 0) {
      c = trie.greedyTokenCount(Completion.of(nodes, s));
      costs.put(s, c);
    }
    return c;
  }

  /** The shortest completion of {@code state} as text (diagnostics and tests). */
  String completion(long[] state) {
    return new String(Completion.of(nodes, state), StandardCharsets.UTF_8);
  }

  private static int depth(DataType t) {
    if (t instanceof DataType.StructType st) {
      int d = 0;
      for (var f : st.fields()) {
        d = Math.max(d, depth(f.type()));
      }
      return d + 1;
    }
    if (t instanceof DataType.ArrayType at) {
      return depth(at.element()) + 1;
    }
    return 1;
  }
}
