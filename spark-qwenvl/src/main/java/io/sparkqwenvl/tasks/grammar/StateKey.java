package io.sparkqwenvl.tasks.grammar;

import java.util.Arrays;

/** Immutable copy of the used part of an automaton state, as a hash key. */
final class StateKey {

  private final long[] words;
  private final int hash;

  StateKey(long[] state) {
    this.words = Arrays.copyOf(state, JsonAutomaton.length(state));
    this.hash = hash(state);
  }

  static int hash(long[] s) {
    int len = JsonAutomaton.length(s);
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < len; i++) {
      h = (h ^ s[i]) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
    }
    return (int) (h ^ (h >>> 32));
  }

  /** True when this key holds exactly the used part of {@code s}. */
  boolean matches(long[] s) {
    int len = JsonAutomaton.length(s);
    return len == words.length && Arrays.equals(words, 0, len, s, 0, len);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateKey k && k.hash == hash && Arrays.equals(k.words, words);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
