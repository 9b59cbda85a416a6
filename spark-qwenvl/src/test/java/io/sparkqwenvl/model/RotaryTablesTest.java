package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rotary tables computed once per distinct position are the same floats, bit for bit, as the
 * reference formula evaluated at every entry (float32 position × inv_freq, then cos/sin).
 */
class RotaryTablesTest {

  @Test
  void mropeEqualsTheEntryWiseFormula() {
    Random rnd = new Random(7);
    int d = 128;
    int[] section = {16, 24, 24};
    for (int n : new int[] {1, 5, 300, 2000}) {
      long[][] pos = new long[3][n];
      for (int t = 0; t < n; t++) {
        long base = n > 100 ? t / 3 : rnd.nextInt(5000); // repeating (prefill) and sparse (decode)
        pos[0][t] = base;
        pos[1][t] = base + rnd.nextInt(40);
        pos[2][t] = base + rnd.nextInt(70);
      }
      float[][] got = RotaryTables.mrope(pos, n, d, 1_000_000.0, section);
      float[] inv = RotaryTables.invFreq(1_000_000.0, d);
      for (int t = 0; t < n; t++) {
        for (int j = 0; j < d / 2; j++) {
          int axis = j < 16 ? 0 : j < 40 ? 1 : 2;
          float f = (float) pos[axis][t] * inv[j];
          assertEntry(got, t * d, j, d, f);
        }
      }
    }
  }

  @Test
  void visionEqualsTheEntryWiseFormula() {
    Random rnd = new Random(3);
    int d = 80;
    int n = 4784;
    int[] h = new int[n];
    int[] w = new int[n];
    for (int r = 0; r < n; r++) {
      h[r] = rnd.nextInt(52);
      w[r] = rnd.nextInt(92);
    }
    float[][] got = RotaryTables.vision(h, w, d);
    float[] inv = RotaryTables.invFreq(10000.0, d / 2);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d / 2; j++) {
        float f = j < d / 4 ? (float) h[r] * inv[j] : (float) w[r] * inv[j - d / 4];
        assertEntry(got, r * d, j, d, f);
      }
    }
  }

  private static void assertEntry(float[][] got, int row, int j, int d, float f) {
    float c = (float) Math.cos(f);
    float s = (float) Math.sin(f);
    assertThat(got[0][row + j]).isEqualTo(c);
    assertThat(got[0][row + d / 2 + j]).isEqualTo(c);
    assertThat(got[1][row + j]).isEqualTo(-s);
    assertThat(got[1][row + d / 2 + j]).isEqualTo(s);
  }
}
