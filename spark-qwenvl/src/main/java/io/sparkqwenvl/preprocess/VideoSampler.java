package io.sparkqwenvl.preprocess;

/**
 * qwen-vl-utils 0.0.10 frame sampling ({@code smart_nframes}, {@code linspace(...).round()}) and
 * the per-frame pixel budget of {@code fetch_video}.
 */
public final class VideoSampler {

  public static final double DEFAULT_FPS = 2.0;
  public static final int FRAME_FACTOR = 2;
  public static final int MIN_FRAMES = 4;
  public static final int MAX_FRAMES = 768;
  public static final long VIDEO_MIN_PIXELS = 128L * 28 * 28;
  public static final long VIDEO_MAX_PIXELS = 768L * 28 * 28;

  /** 128000·28²·0.9, qwen-vl-utils' default total pixel budget of one video. */
  public static final double VIDEO_TOTAL_PIXELS = 128000.0 * 28 * 28 * 0.9;

  private VideoSampler() {}

  /**
   * Number of frames to sample, even and within [2, total].
   *
   * @param fps sampling rate (null: 2.0)
   * @param maxFrames user cap (null: min(768, total))
   * @return -1 when the video is too short to sample two frames
   */
  public static int nframes(int total, double videoFps, Double fps, Integer maxFrames) {
    double rate = fps == null ? DEFAULT_FPS : fps;
    int minF = ceilBy(MIN_FRAMES, FRAME_FACTOR);
    int maxF = floorBy(maxFrames == null ? Math.min(MAX_FRAMES, total) : maxFrames, FRAME_FACTOR);
    double n = total / videoFps * rate;
    n = Math.min(Math.min(Math.max(n, minF), maxF), total);
    int frames = floorBy(n, FRAME_FACTOR);
    return frames >= FRAME_FACTOR && frames <= total ? frames : -1;
  }

  /** torch.linspace(0, total-1, n).round(): half-to-even rounded, evenly spaced indices. */
  public static int[] indices(int total, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      double v = n == 1 ? 0 : linspace(total - 1, n, i);
      idx[i] = (int) Math.rint(v);
    }
    return idx;
  }

  /** torch.linspace in float32: start + i·step for the first half, end − (n−1−i)·step after. */
  private static double linspace(int end, int n, int i) {
    float step = (float) end / (n - 1);
    int half = n / 2;
    return i < half ? (float) (i * step) : (float) (end - (n - 1 - i) * step);
  }

  /** Frames per second actually sampled: n / total · videoFps. */
  public static double sampleFps(int n, int total, double videoFps) {
    return (double) n / total * videoFps;
  }

  /**
   * Upper pixel bound per frame: max(min(768·28², total/n·2), int(minPixels·1.05)), lowered (never
   * raised) by a user max.
   */
  public static double maxPixels(int n, long minPixels, Long userMax) {
    double max =
        Math.max(
            Math.min(VIDEO_MAX_PIXELS, VIDEO_TOTAL_PIXELS / n * FRAME_FACTOR),
            (long) (minPixels * 1.05));
    return userMax == null ? max : Math.min(userMax, max);
  }

  private static int ceilBy(double v, int f) {
    return (int) Math.ceil(v / f) * f;
  }

  private static int floorBy(double v, int f) {
    return (int) Math.floor(v / f) * f;
  }
}
