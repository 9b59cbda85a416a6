package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;

/** Logits [B, vocab] on the device → requested raw rows on the host and the (penalized) argmax. */
final class Readout {

  private Readout() {}

  static NextTokens collect(
      NDArray logits, boolean[] want, DevicePenalty pen, long vNanos, long lNanos, long tok) {
    int b = (int) logits.getShape().get(0);
    int v = (int) logits.getShape().get(1);
    NDManager m = logits.getManager();
    float[][] rows = new float[b][];
    long[] ids =
        java.util.stream.IntStream.range(0, b)
            .filter(i -> want == null || want[i])
            .asLongStream()
            .toArray();
    if (ids.length > 0) {
      NDArray sel = ids.length == b ? logits : logits.get(new NDIndex("{}", m.create(ids)));
      float[] flat = sel.toFloatArray();
      for (int k = 0; k < ids.length; k++) {
        rows[(int) ids[k]] = Arrays.copyOfRange(flat, k * v, (k + 1) * v);
      }
    }
    if (pen != null) {
      penalize(logits, pen, b);
    }
    long[] am = logits.argMax(1).toLongArray();
    int[] argmax = new int[b];
    for (int i = 0; i < b; i++) {
      argmax[i] = (int) am[i];
    }
    return new NextTokens(argmax, rows, vNanos, lNanos, tok);
  }

  /** In place: logits[r, id] = l < 0 ? l * p_r : l / p_r for each row's distinct ids. */
  private static void penalize(NDArray logits, DevicePenalty pen, int b) {
    if (pen.ids().length != b) {
      throw new IllegalArgumentException(
          "penalty covers " + pen.ids().length + " rows, logits have " + b);
    }
    int n = 0;
    for (int r = 0; r < b; r++) {
      n += active(pen, r) ? pen.ids()[r].length : 0;
    }
    if (n == 0) {
      return;
    }
    long[] rowIdx = new long[n];
    long[] colIdx = new long[n];
    float[] p = new float[n];
    int k = 0;
    for (int r = 0; r < b; r++) {
      if (active(pen, r)) {
        for (int id : pen.ids()[r]) {
          rowIdx[k] = r;
          colIdx[k] = id;
          p[k++] = pen.penalty()[r];
        }
      }
    }
    NDManager m = logits.getManager();
    NDIndex at = new NDIndex("{}, {}", m.create(rowIdx), m.create(colIdx));
    NDArray vals = logits.get(at);
    NDArray ps = m.create(p);
    logits.set(at, NDArrays.where(vals.lt(0f), vals.mul(ps), vals.div(ps)));
  }

  private static boolean active(DevicePenalty pen, int r) {
    return pen.ids()[r] != null && pen.penalty()[r] != 1f;
  }
}
