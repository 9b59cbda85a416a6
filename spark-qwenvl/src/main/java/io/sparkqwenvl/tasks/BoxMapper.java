package io.sparkqwenvl.tasks;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps boxes from the model-input space (absolute pixels of the resized image, W' x H') to the
 * original media (after EXIF orientation, W x H): {@code x * W / W'}, {@code y * H / H'}, corners
 * ordered, clipped to [0, W] x [0, H], plus the same box normalized to [0, 1]. For videos the box
 * gets the timestamp of the sampled frame the model named (temporal index or seconds); without one
 * it applies to the whole clip and its timestamp is null.
 */
public final class BoxMapper {

  private final int originalWidth;
  private final int originalHeight;
  private final int resizedWidth;
  private final int resizedHeight;
  private final double[] frameTimestamps;

  public BoxMapper(
      int originalWidth,
      int originalHeight,
      int resizedWidth,
      int resizedHeight,
      double[] frameTimestamps) {
    if (originalWidth <= 0 || originalHeight <= 0 || resizedWidth <= 0 || resizedHeight <= 0) {
      throw new IllegalArgumentException(
          "box mapping needs positive sizes, got original "
              + originalWidth
              + "x"
              + originalHeight
              + ", resized "
              + resizedWidth
              + "x"
              + resizedHeight);
    }
    this.originalWidth = originalWidth;
    this.originalHeight = originalHeight;
    this.resizedWidth = resizedWidth;
    this.resizedHeight = resizedHeight;
    this.frameTimestamps = frameTimestamps == null ? new double[0] : frameTimestamps.clone();
  }

  /** Mapper for the geometry of one preprocessed input. */
  public static BoxMapper of(VisionInput v) {
    return new BoxMapper(
        v.originalWidth(),
        v.originalHeight(),
        v.resizedWidth(),
        v.resizedHeight(),
        v.kind() == VisionInput.Kind.VIDEO ? v.frameTimestamps() : null);
  }

  public List<Box> map(List<RawBox> raw) {
    List<Box> out = new ArrayList<>(raw.size());
    for (RawBox r : raw) {
      out.add(map(r));
    }
    return out;
  }

  public Box map(RawBox r) {
    double sx = (double) originalWidth / resizedWidth;
    double sy = (double) originalHeight / resizedHeight;
    double x1 = clip(Math.min(r.x1(), r.x2()) * sx, originalWidth);
    double x2 = clip(Math.max(r.x1(), r.x2()) * sx, originalWidth);
    double y1 = clip(Math.min(r.y1(), r.y2()) * sy, originalHeight);
    double y2 = clip(Math.max(r.y1(), r.y2()) * sy, originalHeight);
    return new Box(
        r.label(),
        x1,
        y1,
        x2,
        y2,
        x1 / originalWidth,
        y1 / originalHeight,
        x2 / originalWidth,
        y2 / originalHeight,
        timestamp(r));
  }

  private Double timestamp(RawBox r) {
    if (frameTimestamps.length == 0) {
      return null;
    }
    if (r.frameIndex() != null && r.frameIndex() >= 0 && r.frameIndex() < frameTimestamps.length) {
      return frameTimestamps[r.frameIndex()];
    }
    if (r.timeSeconds() != null && Double.isFinite(r.timeSeconds())) {
      double last = frameTimestamps[frameTimestamps.length - 1];
      return Math.max(frameTimestamps[0], Math.min(last, r.timeSeconds()));
    }
    return null;
  }

  private static double clip(double v, int max) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(max, v));
  }
}
