package io.sparkqwenvl.preprocess;

/**
 * What the container headers say about a medium, read without decoding pixels.
 *
 * @param kind image or video
 * @param format the container format detected from the leading bytes
 * @param width pixels, after EXIF orientation for images
 * @param height pixels, after EXIF orientation for images
 * @param durationSeconds video duration (0 for images or when unknown)
 * @param frameRate video average frame rate (0 for images or when unknown)
 */
public record MediaHeader(
    VisionInput.Kind kind,
    MediaFormat format,
    int width,
    int height,
    double durationSeconds,
    double frameRate) {}
