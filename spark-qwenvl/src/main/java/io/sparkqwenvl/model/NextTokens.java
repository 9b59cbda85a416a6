package io.sparkqwenvl.model;

/**
 * Next-token scores of a batch, as returned by the engine primitives of {@link QwenVlModel}.
 *
 * @param argmax [B] index of the largest raw logit of each row (computed on the device)
 * @param logits [B][vocab] float32 raw logits; a row is null where it was not asked for
 * @param visionNanos time spent in the vision tower (prefill only, else 0)
 * @param languageNanos time spent in the language model
 * @param paddedTokens positions computed, padding included (B × L)
 */
public record NextTokens(
    int[] argmax, float[][] logits, long visionNanos, long languageNanos, long paddedTokens) {}
