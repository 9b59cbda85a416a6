package io.sparkqwenvl.tasks.grammar;

/**
 * Open-addressing map from automaton state (by content, no allocation on lookup) to the number of
 * tokens its completion takes. Not thread-safe: used under the grammar's lock.
 */
final class CostTable {

  private static final int MAX_ENTRIES = 1 << 20;

  private StateKey[] keys = new StateKey[1 << 12];
  private int[] values = new int[1 << 12];
  private int size;

  /** The stored cost of {@code s}, or -1. */
  int get(long[] s) {
    int mask = keys.length - 1;
    for (int i = StateKey.hash(s) & mask; ; i = (i + 1) & mask) {
      StateKey k = keys[i];
      if (k == null) {
        return -1;
      }
      if (k.matches(s)) {
        return values[i];
      }
    }
  }

  void put(long[] s, int cost) {
    if (size >= MAX_ENTRIES) {
      keys = new StateKey[1 << 12];
      values = new int[1 << 12];
      size = 0;
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(new StateKey(s), cost);
    size++;
  }

  private void insert(StateKey key, int cost) {
    int mask = keys.length - 1;
    int i = key.hashCode() & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = cost;
  }

  private void grow() {
    StateKey[] oldKeys = keys;
    int[] oldValues = values;
    keys = new StateKey[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }
}
