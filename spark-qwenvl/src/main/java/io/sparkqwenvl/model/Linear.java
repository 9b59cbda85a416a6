package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

/**
 * {@code y = x·Wᵀ + b} with float32 input and output. In float32 mode one native op. In float16
 * mode (see {@link Precision#FP16_MIXED}) the input row is scaled into [-1, 1] before the float16
 * matmul and scaled back in float32: 8 native ops, overflow-free because every output of the
 * scaled matmul is bounded by the weight row's L1 norm, checked below 32768 at load.
 */
final class Linear implements AutoCloseable {

  /** Largest weight-row L1 norm accepted for a float16 weight. */
  static final float MAX_HALF_ROW_L1 = 32768f;

  private final NDArray weight; // [out, in], FLOAT32 or FLOAT16
  private final NDArray bias; // [out] FLOAT32, or null
  private final boolean half;

  /**
   * @param weight float32 [out, in]; converted to float16 when {@code wantHalf} and safe
   * @param bias float32 [out] or null
   */
  Linear(NDArray weight, NDArray bias, boolean wantHalf) {
    boolean safe = wantHalf && maxRowL1(weight) < MAX_HALF_ROW_L1;
    if (safe && weight.getDataType() != DataType.FLOAT16) {
      NDArray w16 = weight.toType(DataType.FLOAT16, false);
      weight.close();
      weight = w16;
    } else if (!safe && weight.getDataType() != DataType.FLOAT32) {
      NDArray w32 = weight.toType(DataType.FLOAT32, false);
      weight.close();
      weight = w32;
    }
    this.weight = weight;
    this.bias = bias;
    this.half = safe;
  }

  static float maxRowL1(NDArray w) {
    try (NDScope ignored = new NDScope()) {
      return w.toType(DataType.FLOAT32, false).abs().sum(new int[] {1}).max().getFloat();
    }
  }

  /** [..., in] float32 → [..., out] float32. */
  NDArray apply(NDArray x) {
    if (!half) {
      return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
    NDArray s = x.abs().max(new int[] {-1}, true).maximum(Float.MIN_NORMAL);
    NDArray xs = x.div(s).toType(DataType.FLOAT16, false);
    NDArray y = xs.getNDArrayInternal().linear(xs, weight, null).singletonOrThrow();
    NDArray out = y.toType(DataType.FLOAT32, false).mul(s);
    return bias == null ? out : out.add(bias);
  }

  NDArray weight() {
    return weight;
  }

  boolean isHalf() {
    return half;
  }

  @Override
  public void close() {
    weight.close();
    if (bias != null) {
      bias.close();
    }
  }
}
