/**
 * Qwen2.5-VL on DJL: configuration records ({@link io.sparkqwenvl.model.QwenVlConfig}, {@link
 * io.sparkqwenvl.model.PreprocessorConfig}, {@link io.sparkqwenvl.model.GenerationDefaults}),
 * safetensors checkpoints ({@link io.sparkqwenvl.model.Checkpoint}), the vision tower and the Qwen2
 * decoder with MRoPE and a slot-based KV cache, the precision policy, the {@link
 * io.sparkqwenvl.model.QwenVlModel} facade with its engine primitives, and the deterministic tiny
 * checkpoint ({@link io.sparkqwenvl.model.TinyModel}).
 */
package io.sparkqwenvl.model;
