package io.sparkqwenvl.tasks.grammar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte trie of the allowed values of an enum string, each stored JSON-escaped and followed by the
 * closing quote; node 0 is the root (just after the opening quote). Each node knows its shortest
 * completion, chosen so that following a completion keeps the remaining completion a suffix.
 */
final class EnumTrie {

  private final Map<Integer, Integer> edges = new HashMap<>(); // node * 256 + byte -> child
  private final List<Boolean> terminal = new ArrayList<>();
  private final List<byte[]> completion = new ArrayList<>();

  EnumTrie(List<String> values) {
    terminal.add(false);
    for (String v : values) {
      byte[] b = (JsonText.escape(v) + "\"").getBytes(StandardCharsets.UTF_8);
      int node = 0;
      for (byte x : b) {
        int key = node * 256 + (x & 0xff);
        Integer next = edges.get(key);
        if (next == null) {
          next = terminal.size();
          terminal.add(false);
          edges.put(key, next);
        }
        node = next;
      }
      terminal.set(node, true);
    }
    for (int i = 0; i < terminal.size(); i++) {
      completion.add(null);
    }
    shortest(0);
  }

  /** The child of {@code node} by {@code b}, or -1. */
  int child(int node, int b) {
    Integer c = edges.get(node * 256 + b);
    return c == null ? -1 : c;
  }

  boolean isTerminal(int node) {
    return terminal.get(node);
  }

  /** Shortest bytes from {@code node} to the end of a value, closing quote included. */
  byte[] completion(int node) {
    return completion.get(node);
  }

  private byte[] shortest(int node) {
    if (terminal.get(node)) {
      completion.set(node, new byte[0]);
      return completion.get(node);
    }
    byte[] best = null;
    for (int b = 0; b < 256; b++) {
      int c = child(node, b);
      if (c < 0) {
        continue;
      }
      byte[] rest = shortest(c);
      if (best == null || rest.length + 1 < best.length) {
        best = new byte[rest.length + 1];
        best[0] = (byte) b;
        System.arraycopy(rest, 0, best, 1, rest.length);
      }
    }
    completion.set(node, best);
    return best;
  }
}
