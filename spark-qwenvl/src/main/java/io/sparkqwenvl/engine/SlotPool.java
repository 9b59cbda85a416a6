package io.sparkqwenvl.engine;

import java.util.BitSet;

/** Free KV slots of one lane; lowest free slot first. Used by one thread. */
final class SlotPool {
  private final BitSet used;
  private final int size;

  SlotPool(int size) {
    this.size = size;
    this.used = new BitSet(size);
  }

  int free() {
    return size - used.cardinality();
  }

  int acquire() {
    int s = used.nextClearBit(0);
    if (s >= size) {
      throw new IllegalStateException("no free KV slot among " + size);
    }
    used.set(s);
    return s;
  }

  void release(int slot) {
    if (!used.get(slot)) {
      throw new IllegalStateException("KV slot " + slot + " is not in use");
    }
    used.clear(slot);
  }
}
