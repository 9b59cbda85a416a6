package io.sparkqwenvl.engine;

/**
 * Counters of one engine since it started (a snapshot).
 *
 * @param requests requests submitted
 * @param sequences sequences finished (successfully or not)
 * @param failed sequences that ended with an error
 * @param promptTokens prompt tokens prefilled, vision placeholders included
 * @param visualTokens vision placeholder tokens (merged tokens) prefilled
 * @param outputTokens tokens generated
 * @param prefills prefill calls
 * @param steps decode steps (one per batched step, however many sequences it held)
 * @param paddedTokens tokens computed in prefills, padding included
 * @param oomSplits times work was split after the device ran out of memory
 * @param visionNanos time in the vision tower
 * @param prefillNanos time in language-model prefill
 * @param decodeNanos time in decode steps (token selection included)
 * @param occupiedSlotSteps sum over decode steps of the sequences in the step
 * @param slots KV slots of one lane (a decode step covers one lane's slots)
 */
public record EngineStats(
    long requests,
    long sequences,
    long failed,
    long promptTokens,
    long visualTokens,
    long outputTokens,
    long prefills,
    long steps,
    long paddedTokens,
    long oomSplits,
    long visionNanos,
    long prefillNanos,
    long decodeNanos,
    long occupiedSlotSteps,
    int slots) {

  /** Share of prefill computation spent on padding, in percent. */
  public double paddingWastePercent() {
    return paddedTokens == 0 ? 0 : 100.0 * (paddedTokens - promptTokens) / paddedTokens;
  }

  /** Mean share of a lane's KV slots that held a sequence during a decode step, in [0, 1]. */
  public double batchOccupancy() {
    return steps == 0 ? 0 : (double) occupiedSlotSteps / ((double) steps * slots);
  }

  /** Counters accumulated since {@code earlier} (a snapshot of the same engine). */
  public EngineStats since(EngineStats earlier) {
    return new EngineStats(
        requests - earlier.requests,
        sequences - earlier.sequences,
        failed - earlier.failed,
        promptTokens - earlier.promptTokens,
        visualTokens - earlier.visualTokens,
        outputTokens - earlier.outputTokens,
        prefills - earlier.prefills,
        steps - earlier.steps,
        paddedTokens - earlier.paddedTokens,
        oomSplits - earlier.oomSplits,
        visionNanos - earlier.visionNanos,
        prefillNanos - earlier.prefillNanos,
        decodeNanos - earlier.decodeNanos,
        occupiedSlotSteps - earlier.occupiedSlotSteps,
        slots);
  }

  /** Mean sequences per decode step. */
  public double meanBatchSize() {
    return steps == 0 ? 0 : (double) occupiedSlotSteps / steps;
  }
}
