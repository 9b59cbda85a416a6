package io.sparkqwenvl.jobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decides what is left to do: every distinct content × task key that is not in the annotations
 * table yet (a left-anti join on content_hash, task, prompt_hash, model_revision), so renamed or
 * copied files are not annotated again. Copies of one content inside the corpus are annotated once,
 * through the first path in sorted order.
 */
final class WorkPlanner {

  /**
   * The plan.
   *
   * @param items files with their pending task indexes, in path order
   * @param filesSkipped corpus files not annotated now: done earlier, or copies of content that is
   *     annotated through another path
   * @param quarantinedKeys keys currently in the quarantine (their success clears them)
   */
  record Plan(List<WorkItem> items, long filesSkipped, Set<String> quarantinedKeys) {}

  private WorkPlanner() {}

  static Plan plan(
      SparkSession spark,
      List<ScannedFile> files,
      List<String> promptHashes,
      List<String> taskIds,
      String revision,
      String table,
      String quarantine) {
    Map<String, ScannedFile> byHash = new LinkedHashMap<>();
    for (ScannedFile f : files) {
      byHash.putIfAbsent(f.contentHash(), f);
    }
    List<Row> keys = new ArrayList<>();
    for (String h : byHash.keySet()) {
      for (int t = 0; t < taskIds.size(); t++) {
        keys.add(RowFactory.create(h, taskIds.get(t), promptHashes.get(t), revision, t));
      }
    }
    StructType schema = keySchema().add("task_index", DataTypes.IntegerType);
    Dataset<Row> wanted = spark.createDataFrame(keys, schema);
    Dataset<Row> done =
        spark.read().format("delta").load(table).select(TableSchemas.KEY[0], keyCols());
    List<Row> pending =
        wanted
            .join(done, List.of(TableSchemas.KEY).stream().collect(scalaSeq()), "left_anti")
            .collectAsList();
    Map<String, List<Integer>> tasksByHash = new LinkedHashMap<>();
    for (Row r : pending) {
      tasksByHash.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getInt(4));
    }
    List<WorkItem> items = new ArrayList<>();
    for (ScannedFile f : byHash.values()) {
      List<Integer> todo = tasksByHash.get(f.contentHash());
      if (todo != null) {
        todo.sort(Integer::compare);
        items.add(
            new WorkItem(f.contentHash(), f.path(), f.size(), f.modifiedMillis(), f.kind(), todo));
      }
    }
    long skipped = files.size() - items.size();
    return new Plan(items, skipped, quarantineKeys(spark, quarantine));
  }

  static String key(Object hash, Object task, Object promptHash, Object revision) {
    return hash + "|" + task + "|" + promptHash + "|" + revision;
  }

  private static Set<String> quarantineKeys(SparkSession spark, String quarantine) {
    Set<String> out = new HashSet<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(quarantine)
            .select(TableSchemas.KEY[0], keyCols())
            .collectAsList()) {
      out.add(key(r.get(0), r.get(1), r.get(2), r.get(3)));
    }
    return out;
  }

  private static String[] keyCols() {
    return java.util.Arrays.copyOfRange(TableSchemas.KEY, 1, TableSchemas.KEY.length);
  }

  static StructType keySchema() {
    StructType s = new StructType();
    for (String k : TableSchemas.KEY) {
      s = s.add(k, DataTypes.StringType);
    }
    return s;
  }

  private static java.util.stream.Collector<String, ?, scala.collection.immutable.Seq<String>>
      scalaSeq() {
    return java.util.stream.Collectors.collectingAndThen(
        java.util.stream.Collectors.toList(),
        l -> scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq());
  }
}
