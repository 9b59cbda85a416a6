package io.sparkqwenvl.tasks;

/**
 * A box or point exactly as the model wrote it: absolute pixels of the RESIZED model input (facts
 * §7.1), before {@link BoxMapper} maps it to the original image.
 *
 * @param label label, text_content or alt text; may be empty
 * @param x1 left (model-input pixels)
 * @param y1 top
 * @param x2 right (== x1 for a point)
 * @param y2 bottom (== y1 for a point)
 * @param point true for point_2d / &lt;points&gt;
 * @param frameIndex for video, the temporal index the model gave (sampled-frame index), or null
 * @param timeSeconds for video, a time in seconds the model gave, or null
 */
public record RawBox(
    String label,
    double x1,
    double y1,
    double x2,
    double y2,
    boolean point,
    Integer frameIndex,
    Double timeSeconds) {}
