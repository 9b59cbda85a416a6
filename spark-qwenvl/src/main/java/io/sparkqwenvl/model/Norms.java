package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;

/** RMSNorm in float32: {@code w ⊙ x · (mean(x²) + eps)^-½} (5 native ops; DJL lacks rsqrt). */
final class Norms {

  private Norms() {}

  static NDArray rms(NDArray x, NDArray weight, float eps) {
    NDArray r = x.square().mean(new int[] {-1}, true).add(eps).pow(-0.5f);
    return x.mul(r).mul(weight);
  }
}
