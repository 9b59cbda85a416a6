package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Block-diagonal attention of the vision tower: each window (or, in full-attention blocks, each
 * frame) attends only to itself. Segments of equal length run as one batched [count, heads, len,
 * hd] attention; nothing crosses images or frame pairs. A seam: a fused varlen kernel can replace
 * {@link #apply} when the engine offers one.
 */
final class SegmentAttention {

  /** Largest float32 score tensor of one attention call (bytes); larger work is chunked. */
  static final long SCORE_BYTES = 1536L << 20;

  private static volatile long scoreBytes = SCORE_BYTES; // lowered by tests to force chunks

  private SegmentAttention() {}

  /** Sets the score-tensor limit (tests); returns the previous one. */
  static long scoreBytesLimit(long bytes) {
    long old = scoreBytes;
    scoreBytes = bytes;
    return old;
  }

  /**
   * {@code all} [N, 3·heads, hd] (q pre-scaled, rotary applied; rows in window order) → attended
   * values [N, heads·hd], attached to {@code m}.
   */
  static NDArray apply(NDArray all, Groups groups, int heads, int hd, NDManager m) {
    int n = (int) all.getShape().get(0);
    NDArray result = null;
    for (Map.Entry<Integer, NDArray> e : groups.rows.entrySet()) {
      NDArray idx = e.getValue();
      // Each segment length in its own scope: its scores die before the next length runs.
      NDArray o =
          Scopes.keep(m, () -> segments(all, groups.single ? null : idx, e.getKey(), heads, hd));
      if (groups.single) {
        return o;
      }
      if (result == null) {
        result = m.zeros(new Shape(n, (long) heads * hd));
      }
      result.set(new NDIndex("{}", idx), o);
      o.close();
    }
    return result;
  }

  /**
   * Attention within segments of one length: rows {@code idx} [count·len] of {@code all} (null: all
   * rows, in order) → [count·len, heads·hd]. Segments are attended in chunks whose float32 scores
   * stay under {@link #SCORE_BYTES} (a 1280×720 frame alone has 16 × 4784² scores, 1.46 GB), so a
   * pass over many images never holds all their score matrices at once.
   */
  private static NDArray segments(NDArray all, NDArray idx, int len, int heads, int hd) {
    NDArray sub = idx == null ? all : all.get(new NDIndex("{}", idx));
    long count = sub.getShape().get(0) / len;
    NDArray seg = sub.reshape(count, len, 3L * heads, hd);
    long per = Math.max(1, scoreBytes / (4L * heads * len * len));
    if (per >= count) {
      return attend(seg, count, len, heads, hd);
    }
    NDList outs = new NDList();
    for (long a = 0; a < count; a += per) {
      long b = Math.min(count, a + per);
      long n = b - a;
      NDArray part = seg.get(new NDIndex(a + ":" + b));
      outs.add(Scopes.keep(all.getManager(), () -> attend(part, n, len, heads, hd)));
    }
    return NDArrays.concat(outs, 0);
  }

  /** Segments [count, len, 3·heads, hd] → attended values [count·len, heads·hd]. */
  private static NDArray attend(NDArray seg, long count, int len, int heads, int hd) {
    NDList qkv3 = seg.transpose(0, 2, 1, 3).split(3, 1);
    NDArray att =
        qkv3.get(0)
            .matMul(qkv3.get(1).transpose(0, 1, 3, 2))
            .softmax(-1)
            .matMul(qkv3.get(2)); // [count, heads, len, hd]
    return att.transpose(0, 2, 1, 3).reshape(count * len, (long) heads * hd);
  }

  /** Row indices of the segments of each length (built once per pass, reused by every block). */
  static final class Groups {
    final Map<Integer, NDArray> rows = new TreeMap<>(); // len → [count*len] int64
    final boolean single; // one group covering rows 0..N-1 in order: no gather/scatter

    Groups(Map<Integer, List<Integer>> starts, int n, NDManager m) {
      for (Map.Entry<Integer, List<Integer>> e : starts.entrySet()) {
        int len = e.getKey();
        long[] idx = new long[e.getValue().size() * len];
        int k = 0;
        for (int s : e.getValue()) {
          for (int j = 0; j < len; j++) {
            idx[k++] = s + j;
          }
        }
        rows.put(len, m.create(idx));
      }
      single =
          starts.size() == 1
              && isIdentity(
                  starts.values().iterator().next(), starts.keySet().iterator().next(), n);
    }

    private static boolean isIdentity(List<Integer> starts, int len, int n) {
      for (int i = 0; i < starts.size(); i++) {
        if (starts.get(i) != i * len) {
          return false;
        }
      }
      return starts.size() * len == n;
    }
  }
}
