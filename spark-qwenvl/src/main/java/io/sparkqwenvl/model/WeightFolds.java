package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/** Load-time weight transforms of the language model: fusing, folds, float16 checks and bounds. */
final class WeightFolds {

  private WeightFolds() {}

  /** [q + 2kv]: 1/√head_dim on the q rows, 1 on the k and v rows. */
  static NDArray qRowScale(NDManager m, long q, long kv, int headDim) {
    float[] s = new float[(int) (q + 2 * kv)];
    Arrays.fill(s, 0, (int) q, (float) (1 / Math.sqrt(headDim)));
    Arrays.fill(s, (int) q, s.length, 1f);
    return m.create(s);
  }

  /**
   * Bound on |y_j| for output rows j in [from, to) of a linear with input bound {@code in}: in ·
   * rowL1(W_j) + |b_j| ({@code b} may be null), with a margin for float32/float16 rounding.
   */
  static float rowBound(NDArray w, NDArray b, long from, long to, float in) {
    try (NDScope ignored = new NDScope()) {
      NDIndex rows = new NDIndex(from + ":" + to);
      NDArray y = w.get(rows).abs().sum(new int[] {1}).mul(in);
      return (b == null ? y : y.add(b.get(rows).abs())).max().getFloat() * 1.001f;
    }
  }

  /**
   * Bound on |SiLU(g)·u| for a fused gate/up linear [2I, H] without bias and input bound {@code
   * in}: SiLU(g) ≥ -0.2785 and SiLU(g) ≤ g for g ≥ 0, so |SiLU(g)| ≤ max(bound(g), 0.2785).
   */
  static float gatedBound(NDArray gateUp, long inter, float in) {
    float g = Math.max(rowBound(gateUp, null, 0, inter, in), 0.2785f);
    return g * rowBound(gateUp, null, inter, 2 * inter, in) * 1.001f;
  }

  /** Closes {@code old} and returns {@code updated} (a transformed copy of it). */
  static NDArray replace(NDArray old, NDArray updated) {
    old.close();
    return updated;
  }

  /** float16 copy of an embedding table when every value fits, else the float32 table. */
  static NDArray halfIfFinite(NDArray table, boolean half) {
    if (!half) {
      return table;
    }
    float max;
    try (NDScope ignored = new NDScope()) {
      max = table.abs().max().getFloat();
    }
    if (max >= 65504f) {
      return table;
    }
    NDArray h = table.toType(DataType.FLOAT16, false);
    table.close();
    return h;
  }

  /** Concatenates along rows and closes the parts. */
  static NDArray cat(NDArray... parts) {
    NDList list = new NDList(parts);
    NDArray c = NDArrays.concat(list, 0);
    list.close();
    return c;
  }
}
