package io.sparkqwenvl.model;

/**
 * Numeric policy of a loaded model.
 *
 * <ul>
 *   <li>{@link #FP32}: every weight, activation and the KV cache in float32 (CPU default; the
 *       conformance tests compare this mode with the reference at 1e-4).
 *   <li>{@link #FP16_MIXED}: for GPUs, designed so that no value can overflow float16. The language
 *       model's linear weights (and the embedding table when all its values fit) are float16; the
 *       residual stream, RMSNorm, RoPE, attention scores, softmax, SiLU·up and the logits are
 *       float32. A float16 matmul whose input is an RMSNorm output (q/k/v, gate/up, lm_head) has
 *       the proven bound |x| ≤ √H·max|γ| (in the language model γ is folded into the weight, so the
 *       bound is √H); when that bound times the weight's largest row L1 norm is below 32768, the
 *       input is simply cast to float16. The same holds for o_proj when the value rows' bound (its
 *       input is a convex combination of them) allows it. Otherwise (o_proj, down_proj, or large
 *       bounds) the matmul runs on {@code x / s} where {@code s} is the row's max |x| (kept in
 *       float32), so every input is in [-1, 1] and every output is bounded by the row L1 norm; the
 *       result is multiplied back by {@code s} in float32. A weight whose largest row L1 norm is
 *       32768 or more stays float32 (checked at load). Biases are added in float32, except that a
 *       bounded float16 matmul adds its bias itself when output + bias provably stays below 65504
 *       (the sum is then rounded to float16 once: relative 2^-11, finer than bfloat16). The KV
 *       cache is float16, its values clamped to ±65504 when written unless the layer's k/v bound
 *       proves them within range (finite by construction); attention reads it back to float32 per
 *       step. The vision tower follows the same rule: its linears (merger included) are float16,
 *       bounded or scaled, while its residual stream, norms, rotary tables, attention and the patch
 *       embedding stay float32 (TF32 on GPUs when the environment enables it). In prefill and
 *       vision passes the SiLU-gated MLP keeps its activation in float16 when the gate/up outputs
 *       are proven finite, scaled per row into [-1, 1] and rescaled in float32 after down_proj (see
 *       {@link GatedMlp}).
 * </ul>
 */
public enum Precision {
  FP32,
  FP16_MIXED
}
