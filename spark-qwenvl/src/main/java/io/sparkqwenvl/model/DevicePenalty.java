package io.sparkqwenvl.model;

/**
 * A repetition penalty applied on the device before the argmax of {@link NextTokens}, so greedy
 * rows with a penalty (Qwen's default: 1.05) need no logits row on the host. Per row: the distinct
 * ids seen so far (prompt included) and the penalty ({@code l < 0 ? l * p : l / p}, float32); a
 * null id list or a penalty of 1 leaves the row as is. The returned logits rows stay raw.
 *
 * @param ids [B][*] distinct ids per row (null for none)
 * @param penalty [B] penalty per row
 */
public record DevicePenalty(int[][] ids, float[] penalty) {
  public DevicePenalty {
    if (ids.length != penalty.length) {
      throw new IllegalArgumentException(
          "penalty has " + penalty.length + " rows but ids has " + ids.length);
    }
  }
}
