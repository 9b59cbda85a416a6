package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.ArrayList;
import java.util.List;

/**
 * One prefill: B prompts, right-padded to the longest length L (padding masked out and never
 * attended), one vision pass for all their media, keys/values written to positions [0, L) of each
 * prompt's slot, logits of each prompt's last real position.
 */
final class Prefill {

  private final QwenVlModel model;
  private final KvCache cache;

  Prefill(QwenVlModel model, KvCache cache) {
    this.model = model;
    this.cache = cache;
  }

  NextTokens run(List<PrefillSequence> seqs, boolean[] want, DevicePenalty penalty) {
    QwenVlConfig cfg = model.config();
    int b = seqs.size();
    int len = 0;
    List<VisionInput> media = new ArrayList<>();
    RopeIndex.Positions[] pos = new RopeIndex.Positions[b];
    for (int i = 0; i < b; i++) {
      PrefillSequence s = seqs.get(i);
      cache.checkSlot(s.slot(), s.tokenIds().length);
      checkIds(s.tokenIds(), cfg.text().vocabSize(), s.slot());
      pos[i] = RopeIndex.compute(s.tokenIds(), s.vision(), cfg);
      media.addAll(s.vision());
      len = Math.max(len, s.tokenIds().length);
    }
    int hd = cfg.text().headDim();
    try (NDManager m = model.manager().newSubManager();
        NDScope scope = new NDScope()) {
      long t0 = System.nanoTime();
      NDArray visual = media.isEmpty() ? null : model.vision().encode(media, m);
      long t1 = System.nanoTime();
      long[] ids = new long[b * len];
      long[][] p = new long[3][b * len];
      long[] slots = new long[b];
      long[] last = new long[b];
      int[] lens = new int[b];
      List<Long> visualRows = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        int[] t = seqs.get(i).tokenIds();
        slots[i] = seqs.get(i).slot();
        lens[i] = t.length;
        last[i] = (long) i * len + t.length - 1;
        for (int j = 0; j < t.length; j++) {
          ids[i * len + j] = t[j];
          for (int a = 0; a < 3; a++) {
            p[a][i * len + j] = pos[i].positions()[a][j];
          }
          if (t[j] == cfg.imageTokenId() || t[j] == cfg.videoTokenId()) {
            visualRows.add((long) i * len + j);
          }
        }
      }
      NDArray x = model.text().embed(m.create(ids)); // [B*L, H]
      if (visual != null) {
        long[] rows = visualRows.stream().mapToLong(Long::longValue).toArray();
        x.set(new NDIndex("{}", m.create(rows)), visual);
        visual.close();
      }
      x = x.reshape(b, len, cfg.text().hiddenSize());
      float[][] cs =
          RotaryTables.mrope(p, b * len, hd, cfg.text().ropeTheta(), cfg.text().mropeSection());
      TextModel.AttentionStep step =
          new TextModel.AttentionStep(
              b,
              len,
              len,
              m.create(cs[0], new Shape(b, len, 1, hd)),
              m.create(cs[1], new Shape(b, len, 1, hd)),
              mask(m, lens, len),
              new NDIndex("{}, :, :" + len, m.create(slots)),
              null,
              false);
      NDArray h = model.text().layers(x, step, cache, m); // [B, L, H]
      NDArray lastRows =
          h.reshape((long) b * len, cfg.text().hiddenSize()).get(new NDIndex("{}", m.create(last)));
      h.close();
      NDArray logits = model.text().logits(lastRows);
      NextTokens out =
          Readout.collect(logits, want, penalty, t1 - t0, System.nanoTime() - t1, (long) b * len);
      for (int i = 0; i < b; i++) {
        cache.setSlot(seqs.get(i).slot(), lens[i], pos[i].ropeDelta());
      }
      return out;
    }
  }

  static void checkIds(int[] ids, int vocab, int slot) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw new IllegalArgumentException(
            "token id "
                + ids[i]
                + " at index "
                + i
                + " for slot "
                + slot
                + " is outside [0, "
                + vocab
                + ")");
      }
    }
  }

  /** [B, 1, 1, L, L] additive: 0 where key <= query and key < length, else -1e30. */
  private static NDArray mask(NDManager m, int[] lens, int len) {
    int b = lens.length;
    NDArray ar = m.arange(len).toType(DataType.INT32, false);
    NDArray causal = ar.reshape(1, len).lte(ar.reshape(len, 1)); // [L(q), L(k)]
    NDArray valid = ar.reshape(1, len).lt(m.create(lens).reshape(b, 1)); // [B, L(k)]
    NDArray allowed = causal.reshape(1, len, len).logicalAnd(valid.reshape(b, 1, len));
    return allowed.toType(DataType.FLOAT32, false).sub(1f).mul(1e30f).reshape(b, 1, 1, len, len);
  }
}
