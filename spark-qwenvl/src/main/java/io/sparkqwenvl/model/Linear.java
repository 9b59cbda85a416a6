package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

/**
 * {@code y = x·Wᵀ + b} with float32 input and output. In float32 mode one native op. In float16
 * mode (see {@link Precision#FP16_MIXED}) either
 *
 * <ul>
 *   <li>the input has a proven bound B (an RMSNorm output: |x| ≤ √H·max|γ|) with B·maxRowL1(W) <
 *       32768, so {@code cast → float16 matmul → cast} cannot overflow (3 ops, + bias); or
 *   <li>each input row is scaled into [-1, 1] before the float16 matmul and scaled back in float32
 *       (8 ops, + bias): every output of the scaled matmul is bounded by maxRowL1(W) < 32768.
 * </ul>
 *
 * A weight whose largest row L1 norm is 32768 or more stays float32.
 */
final class Linear implements AutoCloseable {

  /** Largest weight-row L1 norm accepted for a float16 weight. */
  static final float MAX_HALF_ROW_L1 = 32768f;

  private final NDArray weight; // [out, in], FLOAT32 or FLOAT16
  private final NDArray bias; // [out] FLOAT32, or null
  private final NDArray halfBias; // [out] FLOAT16 fused into a bounded float16 matmul, or null
  private final boolean half;
  private final boolean bounded; // half and the input bound proves no overflow without scaling

  Linear(NDArray weight, NDArray bias, boolean wantHalf) {
    this(weight, bias, wantHalf, Float.POSITIVE_INFINITY);
  }

  /**
   * @param weight float32 [out, in]; converted to float16 when {@code wantHalf} and safe
   * @param bias float32 [out] or null
   * @param inputBound proven bound on |x| (infinity when unknown)
   */
  Linear(NDArray weight, NDArray bias, boolean wantHalf, float inputBound) {
    float rowL1 = wantHalf ? maxRowL1(weight) : Float.POSITIVE_INFINITY;
    boolean safe = wantHalf && rowL1 < MAX_HALF_ROW_L1;
    this.bounded = safe && inputBound < MAX_HALF_ROW_L1 && inputBound * rowL1 < MAX_HALF_ROW_L1;
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
    this.halfBias = bounded && bias != null ? fusedBias(bias, inputBound * rowL1) : null;
  }

  /**
   * The bias as float16 when {@code |x·Wᵀ| + |b|} provably stays finite in float16 (the matmul's
   * epilogue then adds it: one pass over the output fewer), else null.
   */
  private static NDArray fusedBias(NDArray bias, float productBound) {
    float maxBias;
    try (NDScope ignored = new NDScope()) {
      maxBias = bias.abs().max().getFloat();
    }
    if (productBound + maxBias >= 65504f) {
      return null;
    }
    return bias.toType(DataType.FLOAT16, false);
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
    if (bounded) {
      NDArray xs = x.toType(DataType.FLOAT16, false);
      NDArray y = xs.getNDArrayInternal().linear(xs, weight, halfBias).singletonOrThrow();
      if (halfBias != null) {
        return y.toType(DataType.FLOAT32, false);
      }
      NDArray out = y.toType(DataType.FLOAT32, false);
      return bias == null ? out : out.add(bias);
    }
    NDArray s = x.abs().max(new int[] {-1}, true).maximum(Float.MIN_NORMAL);
    NDArray xs = x.div(s).toType(DataType.FLOAT16, false);
    NDArray y = xs.getNDArrayInternal().linear(xs, weight, null).singletonOrThrow();
    NDArray out = y.toType(DataType.FLOAT32, false).mul(s);
    return bias == null ? out : out.add(bias);
  }

  /**
   * True when {@link #applyHalfOutput} is available: float16 weight, proven input bound, and the
   * bias (if any) fused in float16, so every output is finite in float16.
   */
  boolean hasHalfOutput() {
    return bounded && (bias == null || halfBias != null);
  }

  /** [..., in] float32 → [..., out] float16 (see {@link #hasHalfOutput}). */
  NDArray applyHalfOutput(NDArray x) {
    if (!hasHalfOutput()) {
      throw new IllegalStateException("no proven float16 output bound for this linear");
    }
    NDArray xs = x.toType(DataType.FLOAT16, false);
    return xs.getNDArrayInternal().linear(xs, weight, halfBias).singletonOrThrow();
  }

  /**
   * {@code (h·Wᵀ)·s + b} for a float16 input {@code h} with |h| ≤ 1 and a float32 row scale {@code
   * s} [..., 1]: float32 out. Needs a float16 weight (|h·Wᵀ| ≤ maxRowL1 < 32768).
   */
  NDArray applyScaledHalf(NDArray h, NDArray s) {
    if (!half) {
      throw new IllegalStateException("applyScaledHalf needs a float16 weight");
    }
    NDArray y = h.getNDArrayInternal().linear(h, weight, null).singletonOrThrow();
    NDArray out = y.toType(DataType.FLOAT32, false).mul(s);
    return bias == null ? out : out.add(bias);
  }

  NDArray weight() {
    return weight;
  }

  boolean isHalf() {
    return half;
  }

  boolean isBounded() {
    return bounded;
  }

  /** Bound on |RMSNorm(x)·γ| elementwise: √width · max|γ|. */
  static float normBound(NDArray gamma, long width) {
    try (NDScope ignored = new NDScope()) {
      return (float) Math.sqrt(width) * gamma.abs().max().getFloat();
    }
  }

  @Override
  public void close() {
    weight.close();
    if (bias != null) {
      bias.close();
    }
    if (halfBias != null) {
      halfBias.close();
    }
  }
}
