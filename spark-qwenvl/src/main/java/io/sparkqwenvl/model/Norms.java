package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;

/** RMSNorm in float32: {@code w ⊙ x · (mean(x²) + eps)^-½} (DJL lacks rsqrt). */
final class Norms {

  private Norms() {}

  /** With the weight: 6 native ops. */
  static NDArray rms(NDArray x, NDArray weight, float eps) {
    return rms(x, eps).mul(weight);
  }

  /** Without the weight (folded into the following linear): 5 native ops. */
  static NDArray rms(NDArray x, float eps) {
    NDArray r = x.square().mean(new int[] {-1}, true).add(eps).pow(-0.5f);
    return x.mul(r);
  }
}
