package io.sparkqwenvl.model;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;
import java.util.Objects;

/**
 * One prompt to write into a KV-cache slot.
 *
 * @param slot slot in [0, cache.slots())
 * @param tokenIds prompt ids, placeholders expanded (mergedTokens per media item)
 * @param vision media in prompt order
 */
public record PrefillSequence(int slot, int[] tokenIds, List<VisionInput> vision) {
  public PrefillSequence {
    Objects.requireNonNull(tokenIds, "tokenIds");
    if (tokenIds.length == 0) {
      throw new IllegalArgumentException("empty prompt for slot " + slot);
    }
    vision = vision == null ? List.of() : List.copyOf(vision);
  }
}
