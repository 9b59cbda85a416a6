package io.sparkqwenvl.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.runtime.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image processor settings of a checkpoint ({@code preprocessor_config.json}). Missing keys
 * take the values of the published Qwen2.5-VL files, not the transformers class defaults (whose
 * max_pixels 1003520 differs, fact sheet §8.2).
 *
 * @param minPixels lower bound on resized area (3136)
 * @param maxPixels upper bound on resized area (12845056)
 * @param patchSize 14
 * @param mergeSize 2
 * @param temporalPatchSize 2
 * @param imageMean per-channel mean (CLIP)
 * @param imageStd per-channel std (CLIP)
 * @param rescaleFactor 1/255
 */
public record PreprocessorConfig(
    long minPixels,
    long maxPixels,
    int patchSize,
    int mergeSize,
    int temporalPatchSize,
    float[] imageMean,
    float[] imageStd,
    double rescaleFactor) {

  private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  public PreprocessorConfig {
    imageMean = imageMean.clone();
    imageStd = imageStd.clone();
    if (imageMean.length != 3 || imageStd.length != 3) {
      throw new IllegalArgumentException("image_mean and image_std must have 3 entries");
    }
    if (minPixels <= 0 || maxPixels < minPixels) {
      throw new IllegalArgumentException(
          "need 0 < min_pixels <= max_pixels, got " + minPixels + ", " + maxPixels);
    }
  }

  /** The published Qwen2.5-VL values. */
  public static PreprocessorConfig defaults() {
    return new PreprocessorConfig(3136, 12845056, 14, 2, 2, CLIP_MEAN, CLIP_STD, 1.0 / 255);
  }

  /** Reads preprocessor_config.json of a model directory; the published values if absent. */
  public static PreprocessorConfig load(Path modelDir) {
    Path file = modelDir.resolve("preprocessor_config.json");
    return Files.isRegularFile(file) ? parse(Json.read(file)) : defaults();
  }

  /** Parses a preprocessor_config.json tree. */
  public static PreprocessorConfig parse(JsonNode n) {
    long min = n.path("min_pixels").asLong(n.path("size").path("shortest_edge").asLong(3136));
    long max = n.path("max_pixels").asLong(n.path("size").path("longest_edge").asLong(12845056));
    return new PreprocessorConfig(
        min,
        max,
        n.path("patch_size").asInt(14),
        n.path("merge_size").asInt(2),
        n.path("temporal_patch_size").asInt(2),
        floats(n.path("image_mean"), CLIP_MEAN),
        floats(n.path("image_std"), CLIP_STD),
        n.path("rescale_factor").asDouble(1.0 / 255));
  }

  @Override
  public float[] imageMean() {
    return imageMean.clone();
  }

  @Override
  public float[] imageStd() {
    return imageStd.clone();
  }

  private static float[] floats(JsonNode a, float[] dflt) {
    if (!a.isArray()) {
      return dflt;
    }
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }
}
