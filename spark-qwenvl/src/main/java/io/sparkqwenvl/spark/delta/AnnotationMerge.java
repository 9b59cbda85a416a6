package io.sparkqwenvl.spark.delta;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;

/**
 * Writes annotation rows (the output of the {@code qwenvl} source) into a Delta table with MERGE,
 * so that task retries and reruns never duplicate rows. Rows are identified by (content_hash, task,
 * provenance.prompt_hash, provenance.model_revision): the same bytes asked the same question by the
 * same model. A file whose bytes could not be read has no content hash; its path stands in for the
 * hash.
 *
 * <p>Rules: a new key is inserted; an existing key is updated only when the stored row is an error
 * and the new row is a success (a rerun repairs failures); otherwise the stored row is kept, so a
 * rerun never replaces a success, nor an error with another error. A success also clears the stored
 * error row of its path that has no content hash (the file could not be read before), so a file
 * that became readable does not keep a stale error row beside its annotation. Within one batch,
 * duplicates of a key (the same content under several paths) are reduced to one row, successes
 * first, then the smallest path. The table is created with the batch's schema when absent.
 *
 * <p>MERGE reads its source more than once; Delta materializes a non-deterministic source such as a
 * model's output first ({@code spark.databricks.delta.merge.materializeSource=auto}), so each file
 * is annotated once per merge.
 *
 * <pre>{@code
 * Dataset<Row> rows = spark.read().format("qwenvl").option("task", "caption").load(dir);
 * AnnotationMerge.Result r = AnnotationMerge.intoPath(rows, "s3a://bucket/captions");
 * }</pre>
 */
public final class AnnotationMerge {

  private static final String TOMBSTONE = "__clears_unread";

  /** The columns that identify a row. */
  public static final List<String> KEY_COLUMNS =
      List.of("content_hash", "task", "provenance.prompt_hash", "provenance.model_revision");

  /**
   * What one merge did.
   *
   * @param inserted rows added
   * @param updated error rows replaced by successes
   * @param cleared unreadable-file error rows (no content hash) removed because their path now has
   *     a success
   */
  public record Result(long inserted, long updated, long cleared) {

    /** No stale error row cleared. */
    public Result(long inserted, long updated) {
      this(inserted, updated, 0);
    }
  }

  private AnnotationMerge() {}

  /** Merges {@code rows} into the Delta table at {@code path}, creating it when absent. */
  public static Result intoPath(Dataset<Row> rows, String path) {
    Objects.requireNonNull(path, "path");
    // Hadoop's normal form ("file:/x", no trailing slash): Delta refuses two spellings of a path.
    String location = new Path(path).toString();
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(rows.sparkSession()).location(location);
    return merge(rows, builder);
  }

  /** Merges {@code rows} into the Delta table named {@code table}, creating it when absent. */
  public static Result intoTable(Dataset<Row> rows, String table) {
    Objects.requireNonNull(table, "table");
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(rows.sparkSession()).tableName(table);
    return merge(rows, builder);
  }

  private static Result merge(Dataset<Row> rows, DeltaTableBuilder builder) {
    DeltaTable target = builder.addColumns(rows.schema()).execute();
    Map<String, String> assign = new LinkedHashMap<>();
    for (String f : rows.schema().fieldNames()) {
      assign.put("`" + f + "`", "s.`" + f + "`");
    }
    Dataset<Row> metrics =
        target
            .as("t")
            .merge(withTombstones(rows).as("s"), condition())
            .whenMatched("s." + TOMBSTONE + " AND t.content_hash IS NULL AND t.error IS NOT NULL")
            .delete()
            .whenMatched("NOT s." + TOMBSTONE + " AND t.error IS NOT NULL AND s.error IS NULL")
            .updateExpr(assign)
            .whenNotMatched("NOT s." + TOMBSTONE)
            .insertExpr(assign)
            .execute();
    Row m = metrics.first();
    return new Result(
        m.getLong(m.fieldIndex("num_inserted_rows")),
        m.getLong(m.fieldIndex("num_updated_rows")),
        m.getLong(m.fieldIndex("num_deleted_rows")));
  }

  /**
   * The deduplicated batch plus, for each success with a content hash, a tombstone: the same row
   * without its hash (so it is keyed by its path) and flagged, which matches a stored error row of
   * an unreadable file at that path. One pass over the batch (explode), so a model behind it runs
   * once.
   */
  private static Dataset<Row> withTombstones(Dataset<Row> rows) {
    DataType hashType = rows.schema().apply("content_hash").dataType();
    Column success = col("content_hash").isNotNull().and(col("error").isNull());
    Dataset<Row> marked =
        rows.withColumn(
                TOMBSTONE,
                explode(when(success, array(lit(false), lit(true))).otherwise(array(lit(false)))))
            .withColumn(
                "content_hash",
                when(col(TOMBSTONE), lit(null).cast(hashType)).otherwise(col("content_hash")));
    return dedupe(marked, col(TOMBSTONE));
  }

  /** Null-safe equality of the key, with the path standing in for a missing content hash. */
  static Column condition() {
    return contentKey("t")
        .eqNullSafe(contentKey("s"))
        .and(col("t.task").eqNullSafe(col("s.task")))
        .and(col("t.provenance.prompt_hash").eqNullSafe(col("s.provenance.prompt_hash")))
        .and(col("t.provenance.model_revision").eqNullSafe(col("s.provenance.model_revision")));
  }

  private static Column contentKey(String alias) {
    return when(col(alias + ".content_hash").isNull(), concat(lit("path:"), col(alias + ".path")))
        .otherwise(col(alias + ".content_hash"));
  }

  /** One row per key: successes first, then the smallest path. */
  public static Dataset<Row> dedupe(Dataset<Row> rows) {
    return dedupe(rows, lit(false));
  }

  /** One row per key, ordered by {@code first} (false first), then successes, then path. */
  private static Dataset<Row> dedupe(Dataset<Row> rows, Column first) {
    Column key =
        when(col("content_hash").isNull(), concat(lit("path:"), col("path")))
            .otherwise(col("content_hash"));
    return rows.withColumn("__key", key)
        .withColumn(
            "__rank",
            row_number()
                .over(
                    Window.partitionBy(
                            col("__key"),
                            col("task"),
                            col("provenance.prompt_hash"),
                            col("provenance.model_revision"))
                        .orderBy(first, col("error").isNotNull(), col("path"))))
        .where(col("__rank").equalTo(1))
        .drop("__rank", "__key");
  }
}
