package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * One decode step for a set of active slots: each gets one token at position length + ropeDelta
 * (all three MRoPE rows equal), written into its slot at index length; attention covers the slot's
 * cached positions only (mask over T = max length + 1). The index arrays and tables are built once
 * per step and reused by every layer.
 */
final class Decode {

  private final QwenVlModel model;
  private final KvCache cache;

  Decode(QwenVlModel model, KvCache cache) {
    this.model = model;
    this.cache = cache;
  }

  NextTokens run(int[] slots, int[] tokens, boolean[] want, DevicePenalty penalty) {
    int b = slots.length;
    if (tokens.length != b) {
      throw new IllegalArgumentException(
          "decode got " + b + " slots but " + tokens.length + " tokens");
    }
    var cfg = model.config().text();
    Prefill.checkIds(tokens, cfg.vocabSize(), slots.length == 1 ? slots[0] : -1);
    int hd = cfg.headDim();
    int keys = 0;
    long[][] p = new long[3][b];
    long[] slotIdx = new long[b];
    long[] writePos = new long[b];
    boolean contiguous = true;
    for (int i = 0; i < b; i++) {
      int len = cache.length(slots[i]);
      if (len == 0) {
        throw new IllegalArgumentException("slot " + slots[i] + " was not prefilled");
      }
      cache.checkSlot(slots[i], len + 1);
      for (int a = 0; a < 3; a++) {
        p[a][i] = len + cache.ropeDelta(slots[i]);
      }
      slotIdx[i] = slots[i];
      writePos[i] = len;
      keys = Math.max(keys, len + 1);
      contiguous &= slots[i] == slots[0] + i;
    }
    float[] mask = new float[b * keys];
    for (int i = 0; i < b; i++) {
      for (int t = (int) writePos[i] + 1; t < keys; t++) {
        mask[i * keys + t] = -1e30f;
      }
    }
    try (NDManager m = model.manager().newSubManager();
        NDScope scope = new NDScope()) {
      long t0 = System.nanoTime();
      long[] ids = new long[b];
      for (int i = 0; i < b; i++) {
        ids[i] = tokens[i];
      }
      NDArray x = model.text().embed(m.create(ids)).reshape(b, 1, cfg.hiddenSize());
      float[][] cs = RotaryTables.mrope(p, b, hd, cfg.ropeTheta(), cfg.mropeSection());
      NDArray slotArr = m.create(slotIdx);
      NDIndex read =
          contiguous
              ? new NDIndex(slots[0] + ":" + (slots[0] + b) + ", :, :" + keys)
              : new NDIndex("{}, :, :" + keys, slotArr);
      TextModel.AttentionStep step =
          new TextModel.AttentionStep(
              b,
              1,
              keys,
              m.create(cs[0], new Shape(b, 1, 1, hd)),
              m.create(cs[1], new Shape(b, 1, 1, hd)),
              m.create(mask, new Shape(b, 1, 1, keys)),
              new NDIndex("{}, :, {}", slotArr, m.create(writePos)),
              read,
              true);
      NDArray h = model.text().layers(x, step, cache, m).reshape(b, cfg.hiddenSize());
      NDArray logits = model.text().logits(h);
      NextTokens out = Readout.collect(logits, want, penalty, 0, System.nanoTime() - t0, b);
      for (int s : slots) {
        cache.advance(s);
      }
      return out;
    }
  }
}
