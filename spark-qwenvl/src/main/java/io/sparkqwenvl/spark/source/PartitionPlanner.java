package io.sparkqwenvl.spark.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Packs planned files into partitions of similar estimated cost: as many partitions as the total
 * cost needs at {@code targetCost} each (at least one, at most one per file), filled greedily by
 * placing the costliest remaining file into the currently cheapest partition (LPT). Files keep path
 * order inside each partition, and the result is deterministic.
 */
final class PartitionPlanner {

  private PartitionPlanner() {}

  /** Groups of files, one per partition, none empty. */
  static List<List<PlannedFile>> pack(List<PlannedFile> files, long targetCost) {
    if (files.isEmpty()) {
      return List.of();
    }
    long total = 0;
    for (PlannedFile f : files) {
      total += Math.max(1, f.estimatedCost());
    }
    int bins = (int) Math.min(files.size(), Math.max(1, (total + targetCost - 1) / targetCost));
    List<PlannedFile> sorted = new ArrayList<>(files);
    sorted.sort(
        Comparator.comparingLong(PlannedFile::estimatedCost)
            .reversed()
            .thenComparing(PlannedFile::path));
    List<List<PlannedFile>> groups = new ArrayList<>();
    long[] load = new long[bins];
    PriorityQueue<Integer> cheapest =
        new PriorityQueue<>(Comparator.<Integer>comparingLong(i -> load[i]).thenComparing(i -> i));
    for (int i = 0; i < bins; i++) {
      groups.add(new ArrayList<>());
      cheapest.add(i);
    }
    for (PlannedFile f : sorted) {
      int bin = cheapest.poll();
      groups.get(bin).add(f);
      load[bin] += Math.max(1, f.estimatedCost());
      cheapest.add(bin);
    }
    List<List<PlannedFile>> out = new ArrayList<>();
    for (List<PlannedFile> g : groups) {
      if (!g.isEmpty()) {
        g.sort(Comparator.comparing(PlannedFile::path));
        out.add(List.copyOf(g));
      }
    }
    return out;
  }
}
