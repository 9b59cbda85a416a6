/**
 * Generation with the reference's semantics: the request contract ({@link
 * io.sparkqwenvl.generate.GenerationConfig}, {@link io.sparkqwenvl.generate.TokenConstraint},
 * {@link io.sparkqwenvl.generate.GenerationResult}), the logits pipeline ({@link
 * io.sparkqwenvl.generate.LogitsProcessing}), per-sequence token choice ({@link
 * io.sparkqwenvl.generate.Sampler}) and static batching over the model ({@link
 * io.sparkqwenvl.generate.Generator}).
 */
package io.sparkqwenvl.generate;
