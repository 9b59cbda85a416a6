package io.sparkqwenvl.tasks;

import java.io.Serializable;

/**
 * One detected box or point, in the ORIGINAL image's pixels (after EXIF orientation), clipped to
 * the image, plus the same box normalized to [0, 1]. Points have x1 == x2 and y1 == y2.
 * Serializable, so results can travel from executors to the driver as they are.
 *
 * @param label the label the model gave
 * @param x1 left, original pixels
 * @param y1 top, original pixels
 * @param x2 right, original pixels
 * @param y2 bottom, original pixels
 * @param nx1 left / original width
 * @param ny1 top / original height
 * @param nx2 right / original width
 * @param ny2 bottom / original height
 * @param timestampSeconds for video frames the time of the frame; null for images
 */
public record Box(
    String label,
    double x1,
    double y1,
    double x2,
    double y2,
    double nx1,
    double ny1,
    double nx2,
    double ny2,
    Double timestampSeconds)
    implements Serializable {}
