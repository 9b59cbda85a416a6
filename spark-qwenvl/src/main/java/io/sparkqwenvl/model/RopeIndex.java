package io.sparkqwenvl.model;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;

/**
 * Port of {@code get_rope_index} (fact sheet §5.4) for one unpadded sequence: three rows (t, h, w)
 * of positions and the decode offset {@code rope_delta = max + 1 - L}. Text advances all rows
 * together; each media item's merged tokens get {@code base + (T(it), i, j)}; text after it resumes
 * at max + 1. Video temporal ids follow transformers 5.17: {@code second_per_grid_t} is truncated
 * to an integer before it is multiplied by {@code tokens_per_second}.
 */
public final class RopeIndex {

  /**
   * Positions of one sequence.
   *
   * @param positions [3][L]: rows t, h, w
   * @param ropeDelta max position + 1 - L
   */
  public record Positions(long[][] positions, long ropeDelta) {}

  private RopeIndex() {}

  /**
   * @param ids prompt ids with expanded placeholders
   * @param vision media in prompt order
   * @throws IllegalArgumentException when placeholders and media do not match
   */
  public static Positions compute(int[] ids, List<VisionInput> vision, QwenVlConfig cfg) {
    int n = ids.length;
    long[][] p = new long[3][n];
    int merge = cfg.vision().spatialMergeSize();
    long next = 0;
    int media = 0;
    int i = 0;
    while (i < n) {
      int id = ids[i];
      if (id != cfg.imageTokenId() && id != cfg.videoTokenId()) {
        p[0][i] = next;
        p[1][i] = next;
        p[2][i] = next;
        next++;
        i++;
        continue;
      }
      if (media >= vision.size()) {
        throw new IllegalArgumentException(
            "prompt has more vision placeholder runs than the " + vision.size() + " media given");
      }
      VisionInput v = vision.get(media++);
      boolean video = v.kind() == VisionInput.Kind.VIDEO;
      int expected = video ? cfg.videoTokenId() : cfg.imageTokenId();
      int lt = v.gridT();
      int lh = v.gridH() / merge;
      int lw = v.gridW() / merge;
      int count = lt * lh * lw;
      if (id != expected || i + count > n) {
        throw new IllegalArgumentException(
            "media "
                + (media - 1)
                + " ("
                + v.kind()
                + ", "
                + count
                + " tokens) does not match the"
                + " placeholder run at index "
                + i);
      }
      long base = next;
      long max = base;
      long step = video ? (long) v.secondPerGridT() : 0;
      for (int t = 0; t < lt; t++) {
        long tt = (long) (t * (double) step * cfg.vision().tokensPerSecond());
        for (int r = 0; r < lh; r++) {
          for (int c = 0; c < lw; c++) {
            if (ids[i] != expected) {
              throw new IllegalArgumentException(
                  "placeholder run of media "
                      + (media - 1)
                      + " ends at index "
                      + i
                      + "; expected "
                      + count
                      + " tokens");
            }
            p[0][i] = base + tt;
            p[1][i] = base + r;
            p[2][i] = base + c;
            max = Math.max(max, Math.max(base + tt, Math.max(base + r, base + c)));
            i++;
          }
        }
      }
      next = max + 1;
    }
    if (media != vision.size()) {
      throw new IllegalArgumentException(
          "prompt has " + media + " vision placeholder runs but " + vision.size() + " media");
    }
    return new Positions(p, next - n);
  }
}
