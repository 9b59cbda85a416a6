package io.sparkqwenvl.tasks;

/**
 * Per-request preprocessing settings; null fields mean "the model's preprocessor_config.json /
 * qwen-vl-utils default".
 *
 * @param minPixels lower pixel bound for smart_resize
 * @param maxPixels upper pixel bound for smart_resize
 * @param fps video sampling rate (default 2.0)
 * @param maxFrames upper bound on sampled video frames
 * @param alphaOnWhite composite transparent images on white (default true, like qwen-vl-utils);
 *     false drops alpha like transformers' convert("RGB")
 */
public record MediaOptions(
    Integer minPixels, Integer maxPixels, Double fps, Integer maxFrames, Boolean alphaOnWhite) {

  public static final MediaOptions DEFAULTS = new MediaOptions(null, null, null, null, null);
}
