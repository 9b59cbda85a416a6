package io.sparkqwenvl.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A deterministic stand-in model: the scores of a sequence's next token depend only on its prompt
 * and the tokens fed so far, never on the batch, so engine output must equal {@link #reference}. It
 * counts its "native" buffers, records every step's slots, and can simulate running out of device
 * memory or block until released.
 */
final class FakeBackend implements EngineBackend {
  static final int VOCAB = 50;
  static final AtomicInteger OPEN_BUFFERS = new AtomicInteger();
  private long[][] state; // [slots] hash of the tokens fed to the slot
  private int[] length; // [slots] tokens in the slot
  private int capacity;
  private boolean open;
  final List<int[]> decodeSlots = new ArrayList<>();
  final List<Integer> prefillSizes = new ArrayList<>();
  int logitsRowsReturned; // full score rows handed to the host (prefill + decode)
  volatile IntPredicate prefillOom = n -> false;
  volatile IntPredicate decodeOom = n -> false;
  volatile IntPredicate decodeHostOom = n -> false; // throws java.lang.OutOfMemoryError
  volatile CountDownLatch gate;
  final CountDownLatch reachedGate = new CountDownLatch(1); // a prefill/decode waits at the gate

  @Override
  public int spatialMergeSize() {
    return 2;
  }

  volatile boolean allocateOom; // allocate throws a CUDA out-of-memory error
  volatile long freeBytes = Long.MAX_VALUE; // reported after allocate
  volatile long totalBytes;

  @Override
  public long freeDeviceBytes() {
    return freeBytes;
  }

  @Override
  public long totalDeviceBytes() {
    return totalBytes;
  }

  @Override
  public void allocate(int slots, int capacity) {
    if (allocateOom) {
      throw new ai.djl.engine.EngineException("CUDA out of memory. Tried to allocate 8.00 GiB");
    }
    state = new long[slots][1];
    length = new int[slots];
    this.capacity = capacity;
    open = true;
    OPEN_BUFFERS.incrementAndGet();
  }

  @Override
  public long kvCacheBytes(int slots, int capacity) {
    return 100L * slots * capacity;
  }

  @Override
  public long prefillBytes(int patches, int promptTokens) {
    return 10L * (patches + promptTokens);
  }

  @Override
  public synchronized PrefillOutput prefill(List<PrefillItem> items) {
    awaitGate();
    if (prefillOom.test(items.size())) {
      throw new ai.djl.engine.EngineException("CUDA out of memory. Tried to allocate 2.00 GiB");
    }
    prefillSizes.add(items.size());
    int max = 0;
    float[][] rows = new float[items.size()][];
    int[] argmax = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      PrefillItem it = items.get(i);
      int[] ids = it.request().promptTokenIds();
      max = Math.max(max, ids.length);
      long h = 17;
      for (int id : ids) {
        h = mix(h, id);
      }
      for (var v : it.request().vision()) {
        h = mix(h, v.patchCount());
      }
      state[it.slot()][0] = h;
      length[it.slot()] = ids.length;
      rows[i] = scores(h);
      argmax[i] = argmax(penalized(rows[i], it.penaltyIds(), it.penalty()));
      if (!it.wantLogits()) {
        rows[i] = null;
      } else {
        logitsRowsReturned++;
      }
    }
    return new PrefillOutput(new StepOutput(argmax, rows), 1000, 2000, (long) max * items.size());
  }

  @Override
  public synchronized StepOutput decode(
      int[] slots, int[] tokens, boolean[] wantLogits, int[][] penaltyIds, float[] penalties) {
    awaitGate();
    if (decodeOom.test(slots.length)) {
      throw new ai.djl.engine.EngineException("CUDA out of memory. Tried to allocate 1.00 GiB");
    }
    if (decodeHostOom.test(slots.length)) {
      throw new OutOfMemoryError("Java heap space");
    }
    decodeSlots.add(slots.clone());
    float[][] rows = new float[slots.length][];
    int[] argmax = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      if (length[slots[i]] >= capacity) {
        throw new IllegalStateException("slot " + slots[i] + " is full");
      }
      long h = mix(state[slots[i]][0], tokens[i]);
      state[slots[i]][0] = h;
      length[slots[i]]++;
      rows[i] = scores(h);
      argmax[i] =
          penaltyIds == null
              ? argmax(rows[i])
              : argmax(penalized(rows[i], penaltyIds[i], penalties[i]));
      if (!wantLogits[i]) {
        rows[i] = null;
      } else {
        logitsRowsReturned++;
      }
    }
    return new StepOutput(argmax, rows);
  }

  /** What the device does: the argmax is taken after the repetition penalty of {@code ids}. */
  private static float[] penalized(float[] row, int[] ids, float penalty) {
    if (ids == null) {
      return row;
    }
    float[] copy = row.clone();
    io.sparkqwenvl.generate.LogitsProcessing.repetitionPenalty(copy, ids, ids.length, penalty);
    return copy;
  }

  private void awaitGate() {
    CountDownLatch g = gate;
    if (g != null) {
      reachedGate.countDown();
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public long peakDeviceBytes() {
    return 0;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      state = null;
      OPEN_BUFFERS.decrementAndGet();
    }
  }

  /** What one sequence generates alone, token by token, with {@code selector}. */
  static int[] reference(EngineRequest r, TokenSelector selector) {
    long h = 17;
    for (int id : r.promptTokenIds()) {
      h = mix(h, id);
    }
    for (var v : r.vision()) {
      h = mix(h, v.patchCount());
    }
    int max = r.config().maxNewTokens();
    int[] out = new int[max];
    int n = 0;
    while (true) {
      float[] s = scores(h);
      int t = selector.select(s, argmax(s), max - n);
      if (r.config().isStop(t)) {
        break;
      }
      out[n++] = t;
      if (n == max) {
        break;
      }
      h = mix(h, t);
    }
    return Arrays.copyOf(out, n);
  }

  static float[] scores(long h) {
    float[] s = new float[VOCAB];
    for (int v = 0; v < VOCAB; v++) {
      s[v] = (mix(h, v) >>> 40) / (float) (1 << 24);
    }
    return s;
  }

  static int argmax(float[] s) {
    int best = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[best]) {
        best = i;
      }
    }
    return best;
  }

  static long mix(long h, long v) {
    long z = h * 0x9E3779B97F4A7C15L + v + 1;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
