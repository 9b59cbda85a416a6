package io.sparkqwenvl.engine;

import java.util.List;

/**
 * The model primitives the engine drives: a slot-based KV cache allocated once, a prefill that
 * encodes the media of several requests in one vision pass and writes their prompts into chosen
 * slots, and one decode step over any subset of the occupied slots. Implemented over {@code
 * model.QwenVlModel} by {@link ModelBackend}; tests use a pure-Java fake.
 *
 * <p>Only the engine's scheduler thread calls these methods, so implementations need not be
 * thread-safe. A primitive that runs out of device memory throws an exception whose message
 * contains "out of memory" (DJL's {@code EngineException}); the engine then splits the work.
 */
public interface EngineBackend extends AutoCloseable {

  /** Placeholder tokens per 2x2 block of patches is mergeSize². */
  int spatialMergeSize();

  /** Allocates the KV cache once: {@code slots} sequences of up to {@code capacity} tokens. */
  void allocate(int slots, int capacity);

  /** Bytes the KV cache of {@code slots} x {@code capacity} tokens takes on the device. */
  long kvCacheBytes(int slots, int capacity);

  /** Peak bytes of activations for one prefill of this many patches and prompt tokens. */
  long prefillBytes(int patches, int promptTokens);

  /**
   * Encodes the items' media (one vision pass over all of them), prefills their prompts into their
   * slots and returns the next-token scores of each item's last position.
   */
  PrefillOutput prefill(List<PrefillItem> items);

  /**
   * One decode step: appends {@code tokens[i]} to slot {@code slots[i]} and returns the scores of
   * the following token. Rows not flagged in {@code wantLogits} only need their argmax, taken after
   * the row's repetition penalty when {@code penaltyIds[i]} is not null.
   *
   * @param penaltyIds per row, the distinct ids to penalize on the device before the argmax, or
   *     null (the array itself may be null: no row is penalized)
   * @param penalties per row, the penalty for those ids (ignored where {@code penaltyIds[i]} is
   *     null)
   */
  StepOutput decode(
      int[] slots, int[] tokens, boolean[] wantLogits, int[][] penaltyIds, float[] penalties);

  /** Bytes the device holds now at most (0 when unknown, e.g. CPU). */
  long peakDeviceBytes();

  /** Device bytes free now; {@link Long#MAX_VALUE} when unknown or unlimited (e.g. CPU). */
  default long freeDeviceBytes() {
    return Long.MAX_VALUE;
  }

  /** Device bytes in all; 0 when unknown (e.g. CPU). */
  default long totalDeviceBytes() {
    return 0;
  }

  /** Frees the KV cache and every native buffer. Idempotent. */
  @Override
  void close();

  /**
   * One sequence to prefill.
   *
   * @param slot KV slot that receives the prompt
   * @param request the request
   * @param wantLogits whether the full score row is needed (false: argmax suffices)
   * @param penaltyIds distinct ids to penalize on the device before the argmax, or null
   * @param penalty the penalty for those ids
   */
  record PrefillItem(
      int slot, EngineRequest request, boolean wantLogits, int[] penaltyIds, float penalty) {}

  /**
   * Scores after a prefill.
   *
   * @param step argmax and optional full score rows, one per item in input order
   * @param visionNanos time spent in the vision tower
   * @param prefillNanos time spent in the language model
   * @param paddedTokens tokens computed, padding included (>= the sum of prompt lengths)
   */
  record PrefillOutput(StepOutput step, long visionNanos, long prefillNanos, long paddedTokens) {}

  /**
   * Next-token scores of a batch of sequences.
   *
   * @param argmax index of the largest score of each row
   * @param logits full score rows, [rows][vocab]; a row is null where it was not asked for
   */
  record StepOutput(int[] argmax, float[][] logits) {}
}
