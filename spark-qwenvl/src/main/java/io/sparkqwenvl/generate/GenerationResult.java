package io.sparkqwenvl.generate;

/**
 * Output of one sequence.
 *
 * @param tokenIds generated ids, without the stop token
 * @param finishReason why generation ended
 * @param promptTokens prompt length including expanded vision placeholders
 * @param visionNanos time spent in the vision tower for this request's batch
 * @param prefillNanos time spent in prefill for this request's batch
 * @param decodeNanos wall time from the first decode step to the end of this sequence
 */
public record GenerationResult(
    int[] tokenIds,
    FinishReason finishReason,
    int promptTokens,
    long visionNanos,
    long prefillNanos,
    long decodeNanos) {}
