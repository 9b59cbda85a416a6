package io.sparkqwenvl.model;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host-side bookkeeping of one vision pass over several media (fact sheet §4.3–4.5, 4.8): the
 * window order of merged tokens, the patch rows in that order, their in-frame (row, column), the
 * attention segments (windows and whole frames) grouped by length so that windows of equal length
 * run as one batched attention, and the inverse order applied after the merger.
 */
final class VisionLayout {

  final int patches; // N
  final long[] patchOrder; // [N] natural patch row of each reordered row
  final int[] hpos; // [N] in-frame patch row, reordered
  final int[] wpos; // [N] in-frame patch column, reordered
  final long[] inverseMerged; // [N/4] reordered merged index of each natural merged token
  final Map<Integer, List<Integer>> windowGroups; // length → segment starts (reordered rows)
  final Map<Integer, List<Integer>> frameGroups; // length → segment starts (reordered rows)

  VisionLayout(List<VisionInput> inputs, QwenVlConfig.VisionConfig cfg) {
    int m = cfg.spatialMergeSize();
    int unit = m * m;
    int vws = cfg.windowSize() / m / cfg.patchSize();
    List<Long> order = new ArrayList<>();
    windowGroups = new TreeMap<>();
    frameGroups = new TreeMap<>();
    int offset = 0;
    int rowStart = 0;
    int total = 0;
    for (VisionInput v : inputs) {
      total += v.patchCount();
    }
    patches = total;
    int[] natH = new int[total];
    int[] natW = new int[total];
    for (VisionInput v : inputs) {
      int lh = v.gridH() / m;
      int lw = v.gridW() / m;
      int nh = (lh + vws - 1) / vws;
      int nw = (lw + vws - 1) / vws;
      for (int t = 0; t < v.gridT(); t++) {
        for (int wh = 0; wh < nh; wh++) {
          for (int ww = 0; ww < nw; ww++) {
            int count = 0;
            for (int r = wh * vws; r < Math.min(lh, wh * vws + vws); r++) {
              for (int c = ww * vws; c < Math.min(lw, ww * vws + vws); c++) {
                order.add((long) offset + (t * lh + r) * lw + c);
                count++;
              }
            }
            if (count > 0) {
              windowGroups.computeIfAbsent(count * unit, k -> new ArrayList<>()).add(rowStart);
              rowStart += count * unit;
            }
          }
        }
        int frame = v.gridH() * v.gridW();
        frameGroups
            .computeIfAbsent(frame, k -> new ArrayList<>())
            .add((offset + t * lh * lw) * unit);
      }
      fillNaturalPositions(v, m, offset * unit, natH, natW);
      offset += v.gridT() * lh * lw;
    }
    int merged = order.size();
    patchOrder = new long[total];
    hpos = new int[total];
    wpos = new int[total];
    inverseMerged = new long[merged];
    for (int q = 0; q < merged; q++) {
      long k = order.get(q);
      inverseMerged[(int) k] = q;
      for (int u = 0; u < unit; u++) {
        int natural = (int) k * unit + u;
        patchOrder[q * unit + u] = natural;
        hpos[q * unit + u] = natH[natural];
        wpos[q * unit + u] = natW[natural];
      }
    }
  }

  /** Patches are ordered (t, ib, jb, mh, mw); row = ib*m+mh, column = jb*m+mw. */
  private static void fillNaturalPositions(VisionInput v, int m, int start, int[] h, int[] w) {
    int r = start;
    for (int t = 0; t < v.gridT(); t++) {
      for (int ib = 0; ib < v.gridH() / m; ib++) {
        for (int jb = 0; jb < v.gridW() / m; jb++) {
          for (int mh = 0; mh < m; mh++) {
            for (int mw = 0; mw < m; mw++) {
              h[r] = ib * m + mh;
              w[r] = jb * m + mw;
              r++;
            }
          }
        }
      }
    }
  }
}
