package io.sparkqwenvl.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Where weights come from: a checkpoint, or random values of the right shapes (benchmarks). */
interface WeightSource {

  /**
   * The tensor {@code name} (hub naming) with the expected {@code shape}, as {@code dtype}.
   *
   * @throws IllegalArgumentException naming file, tensor, expected and found shape
   */
  NDArray get(String name, long[] shape, DataType dtype, NDManager manager);

  /** True when the source has the tensor (used for the optional lm_head). */
  boolean has(String name);

  /** A checkpoint on disk. */
  static WeightSource of(Checkpoint checkpoint) {
    return new WeightSource() {
      @Override
      public NDArray get(String name, long[] shape, DataType dtype, NDManager manager) {
        return checkpoint.load(name, shape, dtype, manager);
      }

      @Override
      public boolean has(String name) {
        return checkpoint.has(name);
      }
    };
  }

  /**
   * Uniform random weights on the device with the tiny model's scales (norms 1 ± 0.1, biases ±0.02,
   * embeddings ±1, other weights ±1/√fan_in), seeded once.
   */
  static WeightSource random(long seed, boolean untiedHead) {
    Engine.getInstance().setRandomSeed((int) seed);
    return new WeightSource() {
      @Override
      public NDArray get(String name, long[] shape, DataType dtype, NDManager manager) {
        float center = 0;
        float scale;
        if (name.endsWith("norm.weight")
            || name.endsWith("norm1.weight")
            || name.endsWith("norm2.weight")
            || name.endsWith("ln_q.weight")) {
          center = 1;
          scale = 0.1f;
        } else if (name.endsWith(".bias")) {
          scale = 0.02f;
        } else if (name.equals("model.embed_tokens.weight")) {
          scale = 1f;
        } else {
          long fanIn = 1;
          for (int d = 1; d < shape.length; d++) {
            fanIn *= shape[d];
          }
          scale = (float) (1 / Math.sqrt(fanIn));
        }
        return manager.randomUniform(center - scale, center + scale, new Shape(shape), dtype);
      }

      @Override
      public boolean has(String name) {
        return !name.equals("lm_head.weight") || untiedHead;
      }
    };
  }
}
