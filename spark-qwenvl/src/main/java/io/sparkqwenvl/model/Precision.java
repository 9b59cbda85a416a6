package io.sparkqwenvl.model;

/**
 * Numeric policy of a loaded model.
 *
 * <ul>
 *   <li>{@link #FP32}: every weight, activation and the KV cache in float32 (CPU default; the
 *       conformance tests compare this mode with the reference at 1e-4).
 *   <li>{@link #FP16_MIXED}: for GPUs, designed so that no value can overflow float16. The
 *       language model's linear weights are float16; the residual stream, RMSNorm, RoPE,
 *       attention scores, softmax, SiLU·up and the logits are float32. Each float16 matmul runs
 *       on {@code x / s} where {@code s} is the row's max |x| (kept in float32), so every input
 *       is in [-1, 1] and every output is bounded by the weight row's L1 norm; a weight whose
 *       largest row L1 norm is not below 32768 is kept in float32 instead (checked at load). The
 *       result is multiplied back by {@code s} in float32, the bias added in float32. The KV cache
 *       is float16, its values clamped to ±65504 when written (never reached by real
 *       checkpoints, so finite by construction); attention reads it back to float32 per step.
 *       The vision tower stays float32 (TF32 on GPUs when enabled by the environment) because its
 *       MLP activations are the risky ones and it runs once per request.
 * </ul>
 */
public enum Precision {
  FP32,
  FP16_MIXED
}
