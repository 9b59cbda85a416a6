package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The key/value cache, allocated once: for every layer one key and one value buffer of {@code slots
 * × capacity} positions, written in place (a prefill writes positions [0, L) of its slots, a decode
 * step writes one position per active slot). Per slot the cache also keeps the host-side state the
 * decoder needs: the number of cached tokens and the MRoPE offset ({@code rope_delta}). Not
 * thread-safe; owned by one scheduler thread.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys; // per layer [slots, kvHeads, capacity, headDim]
  private final NDArray[] values; // per layer [slots, kvHeads, capacity, headDim]
  private final int slots;
  private final int capacity;
  private final int[] lengths; // [slots] cached tokens per slot
  private final long[] ropeDeltas; // [slots] position offset of the next token minus its index
  private volatile boolean closed;

  KvCache(
      NDManager parent,
      int layers,
      int slots,
      int kvHeads,
      int capacity,
      int headDim,
      DataType dtype) {
    if (slots < 1 || capacity < 1) {
      throw new IllegalArgumentException(
          "KV cache needs slots >= 1 and capacity >= 1, got " + slots + " x " + capacity);
    }
    this.manager = parent.newSubManager();
    this.slots = slots;
    this.capacity = capacity;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    Shape shape = new Shape(slots, kvHeads, capacity, headDim);
    for (int i = 0; i < layers; i++) {
      keys[i] = manager.zeros(shape, dtype);
      values[i] = manager.zeros(shape, dtype);
    }
    this.lengths = new int[slots];
    this.ropeDeltas = new long[slots];
  }

  /** Bytes of a cache of this geometry. */
  static long bytes(int layers, int slots, int kvHeads, int capacity, int headDim, DataType dt) {
    return 2L * layers * slots * kvHeads * (long) capacity * headDim * dt.getNumOfBytes();
  }

  public int slots() {
    return slots;
  }

  public int capacity() {
    return capacity;
  }

  /** Tokens cached in {@code slot}. */
  public int length(int slot) {
    return lengths[slot];
  }

  /** MRoPE offset of {@code slot}: the next token's position is length + ropeDelta. */
  public long ropeDelta(int slot) {
    return ropeDeltas[slot];
  }

  /** Forgets a slot's content (its buffers are simply overwritten by the next prefill). */
  public void release(int slot) {
    lengths[slot] = 0;
    ropeDeltas[slot] = 0;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  void setSlot(int slot, int length, long ropeDelta) {
    lengths[slot] = length;
    ropeDeltas[slot] = ropeDelta;
  }

  void advance(int slot) {
    lengths[slot]++;
  }

  void checkSlot(int slot, int neededLength) {
    if (slot < 0 || slot >= slots) {
      throw new IllegalArgumentException("slot " + slot + " outside [0, " + slots + ")");
    }
    if (neededLength > capacity) {
      throw new IllegalArgumentException(
          "slot " + slot + " needs " + neededLength + " positions; capacity is " + capacity);
    }
  }

  /** True once closed. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    Arrays.fill(lengths, 0);
    closed = true;
    manager.close();
  }
}
