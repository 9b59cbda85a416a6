package io.sparkqwenvl.preprocess;

import java.util.Objects;

/**
 * One image or video after preprocessing, ready for the vision tower: flattened patches in the
 * reference's row order (§2.3 of the fact sheet) plus the grid and the geometry needed to map
 * model-space coordinates back to the original media.
 *
 * @param kind image or video
 * @param pixelValues row-major [gridT*gridH*gridW, 3*temporalPatch*patch*patch] (1176 for
 *     Qwen2.5-VL), normalized with the CLIP mean/std
 * @param gridT temporal patches (1 for an image)
 * @param gridH patch rows (resizedHeight / 14)
 * @param gridW patch columns (resizedWidth / 14)
 * @param secondPerGridT seconds covered by one temporal patch (2 / sampled fps); 0 for images
 * @param originalWidth width of the decoded media, after EXIF orientation
 * @param originalHeight height of the decoded media, after EXIF orientation
 * @param resizedWidth width fed to the model (gridW * 14)
 * @param resizedHeight height fed to the model (gridH * 14)
 * @param frameTimestamps for videos, the timestamp in seconds of each sampled frame; empty for
 *     images
 */
public record VisionInput(
    Kind kind,
    float[] pixelValues,
    int gridT,
    int gridH,
    int gridW,
    double secondPerGridT,
    int originalWidth,
    int originalHeight,
    int resizedWidth,
    int resizedHeight,
    double[] frameTimestamps) {

  /** Image or video; decides the placeholder token and the temporal positions. */
  public enum Kind {
    IMAGE,
    VIDEO
  }

  public VisionInput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pixelValues, "pixelValues");
    frameTimestamps = frameTimestamps == null ? new double[0] : frameTimestamps;
    long rows = (long) gridT * gridH * gridW;
    if (rows <= 0 || pixelValues.length % rows != 0) {
      throw new IllegalArgumentException(
          "pixelValues of length "
              + pixelValues.length
              + " do not hold grid ["
              + gridT
              + ", "
              + gridH
              + ", "
              + gridW
              + "]");
    }
  }

  /** Number of patch rows: gridT * gridH * gridW. */
  public int patchCount() {
    return gridT * gridH * gridW;
  }

  /** Number of placeholder tokens in the prompt: patches / mergeSize². */
  public int mergedTokens(int mergeSize) {
    return patchCount() / (mergeSize * mergeSize);
  }
}
