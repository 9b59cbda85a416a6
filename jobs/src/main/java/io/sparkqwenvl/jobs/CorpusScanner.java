package io.sparkqwenvl.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sha2;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lists a corpus recursively (any Hadoop file system: local, s3a, ...) with Spark's binaryFile
 * source, hashing every file's content (SHA-256) on the executors; only the path, size, time, hash
 * and first bytes come back to the driver. Files that are neither images nor videos (by magic
 * bytes, else extension) are left out. Hidden files (names starting with . or _) are skipped by
 * Spark's listing.
 */
final class CorpusScanner {

  private CorpusScanner() {}

  static List<ScannedFile> scan(SparkSession spark, String input) {
    List<Row> rows =
        spark
            .read()
            .format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(input)
            .select(
                col("path"),
                col("length"),
                col("modificationTime"),
                sha2(col("content"), 256).as("content_hash"),
                expr("substring(content, 1, " + MediaSniffer.HEAD_BYTES + ")").as("head"))
            .collectAsList();
    List<ScannedFile> out = new ArrayList<>();
    for (Row r : rows) {
      String path = r.getString(0);
      String kind = MediaSniffer.kind(path, (byte[]) r.get(4));
      if (kind != null) {
        Timestamp t = r.getTimestamp(2);
        out.add(
            new ScannedFile(path, r.getLong(1), t == null ? 0 : t.getTime(), r.getString(3), kind));
      }
    }
    out.sort(Comparator.comparing(ScannedFile::path));
    return out;
  }
}
