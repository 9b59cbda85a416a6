package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.prompt.TokenVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Byte trie of every non-special token of a vocabulary, flattened in pre-order so a mask walk is
 * one loop over arrays: node i's subtree is [i, skip[i]), a rejected byte skips it. Shared per
 * vocabulary instance.
 */
final class TokenTrie {

  private static final Map<TokenVocabulary, TokenTrie> CACHE = new WeakHashMap<>();

  final int vocabSize;
  final int nodes;
  final byte[] nodeByte; // [nodes] byte consumed entering the node
  final short[] depth; // [nodes] 1-based depth (bytes from the root)
  final int[] skip; // [nodes] first node index after this node's subtree
  final int[] token; // [nodes] a token ending here, or -1
  final int[] sameNext; // [vocabSize] next token with identical bytes, or -1
  final int maxDepth;

  private TokenTrie(TokenVocabulary vocab) {
    vocabSize = vocab.size();
    List<byte[]> bytes = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < vocabSize; id++) {
      byte[] b = vocab.isSpecial(id) ? null : vocab.tokenBytes(id);
      if (b != null && b.length > 0) {
        bytes.add(b);
        ids.add(id);
      }
    }
    Integer[] order = new Integer[ids.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(bytes.get(a), bytes.get(b)));
    Builder builder = new Builder(bytes.stream().mapToInt(b -> b.length).sum(), vocabSize);
    for (Integer o : order) {
      builder.add(bytes.get(o), ids.get(o));
    }
    nodes = builder.n;
    nodeByte = Arrays.copyOf(builder.nodeByte, nodes);
    depth = Arrays.copyOf(builder.depth, nodes);
    token = Arrays.copyOf(builder.token, nodes);
    sameNext = builder.sameNext;
    maxDepth = builder.maxDepth;
    skip = skips(depth, nodes, maxDepth);
  }

  /** Appends tokens in sorted byte order, sharing each one's prefix with the previous token. */
  private static final class Builder {
    final byte[] nodeByte;
    final short[] depth;
    final int[] token;
    final int[] sameNext;
    final int[] path = new int[1 << 16]; // node index per depth along the last token
    byte[] prev = new byte[0];
    int n;
    int maxDepth;

    Builder(int capacity, int vocabSize) {
      nodeByte = new byte[capacity];
      depth = new short[capacity];
      token = new int[capacity];
      sameNext = new int[vocabSize];
      Arrays.fill(sameNext, -1);
    }

    void add(byte[] b, int id) {
      int lcp = Arrays.mismatch(prev, b);
      lcp = lcp < 0 ? b.length : lcp;
      for (int d = lcp; d < b.length; d++) {
        nodeByte[n] = b[d];
        depth[n] = (short) (d + 1);
        token[n] = -1;
        path[d + 1] = n++;
      }
      int end = path[b.length];
      sameNext[id] = token[end];
      token[end] = id;
      maxDepth = Math.max(maxDepth, b.length);
      prev = b;
    }
  }

  /** skip[i] = first node after i's subtree in pre-order. */
  private static int[] skips(short[] depth, int nodes, int maxDepth) {
    int[] skip = new int[nodes];
    int[] stack = new int[maxDepth + 2];
    int sp = 0;
    for (int j = 0; j < nodes; j++) {
      while (sp > 0 && depth[stack[sp - 1]] >= depth[j]) {
        skip[stack[--sp]] = j;
      }
      stack[sp++] = j;
    }
    while (sp > 0) {
      skip[stack[--sp]] = nodes;
    }
    return skip;
  }

  /** The trie of {@code vocab}, built once per vocabulary instance. */
  static TokenTrie of(TokenVocabulary vocab) {
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(vocab, TokenTrie::new);
    }
  }

  /**
   * Greedy longest-match tokenization of {@code text}: how many tokens it takes when each step
   * takes the longest token that is a prefix of the rest. Every single byte is a token in a
   * byte-level vocabulary; a byte without a token counts as unreachable (large).
   */
  int greedyTokenCount(byte[] text) {
    int count = 0;
    int pos = 0;
    while (pos < text.length) {
      int best = longestMatch(text, pos);
      if (best == 0) {
        return Integer.MAX_VALUE / 4;
      }
      pos += best;
      count++;
    }
    return count;
  }

  /** Length of the longest token that is a prefix of text[from:], 0 if none. */
  int longestMatch(byte[] text, int from) {
    int best = 0;
    int i = 0; // first child of the (virtual) root is node 0
    int end = nodes;
    int d = 0;
    while (from + d < text.length) {
      byte want = text[from + d];
      int child = -1;
      for (int c = i; c < end; c = skip[c]) {
        if (nodeByte[c] == want) {
          child = c;
          break;
        }
      }
      if (child < 0) {
        break;
      }
      d++;
      if (token[child] >= 0) {
        best = d;
      }
      i = child + 1;
      end = skip[child];
      if (i >= end) {
        break;
      }
    }
    return best;
  }
}
