package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The SiLU-gated MLP of decoder layers and vision blocks: {@code down(silu(g) ⊙ u)} with {@code [g,
 * u] = gateUp(x)}, input already normalized, float32 in and out.
 *
 * <p>Large inputs (prefill, vision) in {@link Precision#FP16_MIXED} take a float16 path when the
 * gate/up outputs are proven finite in float16 ({@link Linear#hasHalfOutput}) and down is float16:
 * the whole activation stays float16 and in [-1, 1],
 *
 * <pre>
 *   h = (g / max|g|) ⊙ sigmoid(g) ⊙ (u / max|u|)        maxima per row, |h| ≤ 1
 *   y = (h · Wdᵀ) · (max|g| · max|u|) + bd               the rescale in float32
 * </pre>
 *
 * which equals {@code down(silu(g) ⊙ u)} and cannot overflow (|h·Wdᵀ| ≤ the row L1 bound that let
 * down be float16). It moves about half the bytes of the float32 activation, which is what these
 * memory-bound element-wise passes cost on a GPU. Small inputs (decode steps, where every extra op
 * costs host time) and unproven bounds take the float32 activation.
 */
final class GatedMlp implements AutoCloseable {

  /** Rows (tokens or patches) from which the float16 activation pays for its extra ops. */
  static final long HALF_PATH_MIN_ROWS = 256;

  private static final float MIN_HALF_NORMAL = 6.103515625e-5f;

  private final Linear gateUp; // [2I, H] (+ bias [2I])
  private final Linear down; // [H, I] (+ bias [H])
  private final long inter; // I
  private final boolean halfPath;

  GatedMlp(Linear gateUp, Linear down, long inter) {
    this.gateUp = gateUp;
    this.down = down;
    this.inter = inter;
    this.halfPath = gateUp.hasHalfOutput() && down.isHalf();
  }

  /** Whether large inputs take the float16 activation. */
  boolean usesHalfActivation() {
    return halfPath;
  }

  /** [..., H] float32 → [..., H] float32 (without the residual). */
  NDArray apply(NDArray x, String stage) {
    Shape s = x.getShape();
    long rows = s.size() / s.get(s.dimension() - 1);
    if (halfPath && rows >= HALF_PATH_MIN_ROWS) {
      return applyHalf(x, stage);
    }
    int last = s.dimension() - 1;
    NDList gu = gateUp.apply(x).split(2, last);
    NDArray g = StageClock.lap(stage, "gate_up", gu.get(0));
    NDArray h =
        StageClock.lap(stage, "act", g.mul(g.getNDArrayInternal().sigmoid()).mul(gu.get(1)));
    return StageClock.lap(stage, "down", down.apply(h));
  }

  private NDArray applyHalf(NDArray x, String stage) {
    NDArray gu = StageClock.lap(stage, "gate_up", gateUp.applyHalfOutput(x)); // [..., 2I] f16
    int last = gu.getShape().dimension() - 1;
    Shape pairs = gu.getShape().slice(0, last).add(2, inter);
    NDArray maxima = gu.abs().reshape(pairs).max(new int[] {-1}).maximum(MIN_HALF_NORMAL);
    NDList m = maxima.split(2, last); // max|g|, max|u|: [..., 1] each, float16
    NDList p = gu.split(2, last);
    NDArray g = p.get(0);
    NDArray h = g.div(m.get(0)).mul(g.getNDArrayInternal().sigmoid()).mul(p.get(1).div(m.get(1)));
    NDArray scale =
        m.get(0).toType(DataType.FLOAT32, false).mul(m.get(1).toType(DataType.FLOAT32, false));
    StageClock.lap(stage, "act", h);
    return StageClock.lap(stage, "down", down.applyScaledHalf(h, scale));
  }

  @Override
  public void close() {
    gateUp.close();
    down.close();
  }
}
