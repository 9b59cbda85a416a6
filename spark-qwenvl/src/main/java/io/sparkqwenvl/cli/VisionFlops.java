package io.sparkqwenvl.cli;

import io.sparkqwenvl.model.QwenVlConfig;

/**
 * Floating-point operations (2 per multiply-add) of one image's pass through the vision tower:
 * patch embedding, the blocks' projections and MLPs, attention inside 8x8-patch windows (full frame
 * in the full-attention blocks) and the merger. Same count as the transformers baseline script, so
 * both report comparable TFLOP/s.
 */
final class VisionFlops {
  private VisionFlops() {}

  static double perImage(QwenVlConfig cfg, int gridH, int gridW) {
    QwenVlConfig.VisionConfig v = cfg.vision();
    double p = (double) gridH * gridW;
    double hv = v.hiddenSize();
    int depth = v.depth();
    int full = v.fullattBlockIndexes().length;
    int unit = v.windowSize() / v.patchSize();
    double window = Math.min((double) unit * unit, p);
    double perToken = hv * (3 * hv + hv) + 3 * hv * v.intermediateSize();
    double flops = 2 * p * v.patchDim() * hv + 2 * p * perToken * depth;
    flops += 2 * 2 * p * hv * (window * (depth - full) + p * full);
    double merged = hv * v.spatialMergeSize() * v.spatialMergeSize();
    flops += 2 * (p / 4) * (merged * merged + merged * v.outHiddenSize());
    return flops;
  }
}
