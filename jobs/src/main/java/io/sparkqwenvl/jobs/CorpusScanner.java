package io.sparkqwenvl.jobs;

import static org.apache.spark.sql.functions.col;

import io.sparkqwenvl.spark.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Lists a corpus recursively (any Hadoop file system: local, s3a, ...) with Spark's binaryFile
 * source, keeping only path, size and time (the content column is pruned, so the listing reads no
 * file), then hashes every file (SHA-256) on the executors by streaming it through a fixed buffer;
 * only the path, size, time, hash and kind come back to the driver. Files that are neither images
 * nor videos (by magic bytes, else extension) are left out. Hidden files (names starting with . or
 * _) are skipped by Spark's listing. A file that cannot be read during the scan is kept (when its
 * extension names media) with its path standing in for the hash, as {@code AnnotationMerge} does:
 * the annotation step then fails to read it and quarantines it at stage "read".
 */
final class CorpusScanner {

  private static final int BUFFER_BYTES = 1 << 16;

  private CorpusScanner() {}

  static List<ScannedFile> scan(SparkSession spark, String input) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    List<ScannedFile> out =
        new ArrayList<>(
            spark
                .read()
                .format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(input)
                .select(col("path"), col("length"), col("modificationTime"))
                .javaRDD()
                .mapPartitions(new Hasher(conf))
                .collect());
    out.sort(Comparator.comparing(ScannedFile::path));
    return out;
  }

  /** Hashes the listed rows of one partition on an executor. */
  private static final class Hasher implements FlatMapFunction<Iterator<Row>, ScannedFile> {

    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableConfiguration> conf;

    Hasher(Broadcast<SerializableConfiguration> conf) {
      this.conf = conf;
    }

    @Override
    public Iterator<ScannedFile> call(Iterator<Row> rows) {
      Configuration c = conf.value().value();
      Redaction.registerSecrets(c);
      byte[] buffer = new byte[BUFFER_BYTES];
      List<ScannedFile> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        Timestamp t = r.getTimestamp(2);
        ScannedFile f = hash(c, r.getString(0), r.getLong(1), t == null ? 0 : t.getTime(), buffer);
        if (f != null) {
          out.add(f);
        }
      }
      return out.iterator();
    }
  }

  /**
   * One listed file, hashed by streaming; null when it is not media. An unreadable file whose
   * extension names media keeps its path as the hash.
   */
  static ScannedFile hash(Configuration conf, String path, long size, long modified, byte[] buf) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    byte[] head = new byte[MediaSniffer.HEAD_BYTES];
    int headLen = 0;
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      try (InputStream in = fs.open(p)) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          int take = Math.min(n, head.length - headLen);
          System.arraycopy(buf, 0, head, headLen, take);
          headLen += take;
          sha.update(buf, 0, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      String kind = MediaSniffer.kind(path, null);
      return kind == null ? null : new ScannedFile(path, size, modified, path, kind);
    }
    String kind = MediaSniffer.kind(path, Arrays.copyOf(head, headLen));
    return kind == null
        ? null
        : new ScannedFile(path, size, modified, HexFormat.of().formatHex(sha.digest()), kind);
  }
}
