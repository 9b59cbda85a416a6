package io.sparkqwenvl.engine;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.TokenConstraint;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;
import java.util.Objects;

/**
 * One prompt for the model: token ids in which every image/video placeholder is already expanded
 * (151655 / 151656 repeated mergedTokens times, in the order of {@code vision}), the media those
 * placeholders stand for, and the request's own generation settings.
 *
 * @param promptTokenIds full prompt ids, ending with "<|im_start|>assistant\n"
 * @param vision media in prompt order
 * @param config generation settings of this request
 * @param constraint optional per-request constraint (may be null); used by one sequence only
 */
public record EngineRequest(
    int[] promptTokenIds,
    List<VisionInput> vision,
    GenerationConfig config,
    TokenConstraint constraint) {

  public EngineRequest {
    Objects.requireNonNull(promptTokenIds, "promptTokenIds");
    Objects.requireNonNull(config, "config");
    vision = vision == null ? List.of() : List.copyOf(vision);
  }

  /** Vision tokens this request contributes (sum of merged tokens). */
  public int visionTokens(int mergeSize) {
    int n = 0;
    for (VisionInput v : vision) {
      n += v.mergedTokens(mergeSize);
    }
    return n;
  }
}
