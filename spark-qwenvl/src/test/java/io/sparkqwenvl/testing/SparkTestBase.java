package io.sparkqwenvl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base class for Spark tests: one local {@link SparkSession} per test class with Delta's session
 * extension and catalog, the UI off, two shuffle partitions, the driver bound to 127.0.0.1 and a
 * warehouse in a temporary folder that is deleted after the class.
 *
 * <p>Subclasses change the session through hooks that are read once, before the session starts:
 * {@link #master()}, {@link #extraSessionExtensions()} (appended after Delta's, e.g. {@code
 * io.sparkqwenvl.udfs.QwenVlSessionExtensions}) and {@link #extraSparkConf()} (any {@code spark.*}
 * key, e.g. {@code LocalS3#sparkConf()}).
 *
 * <pre>{@code
 * class MyTest extends SparkTestBase {
 *   @Override
 *   protected List<String> extraSessionExtensions() {
 *     return List.of("io.sparkqwenvl.udfs.QwenVlSessionExtensions");
 *   }
 *
 *   @Test
 *   void counts() {
 *     sql("CREATE TABLE t (id INT) USING delta");
 *     assertThat(rows("SELECT count(*) FROM t")).containsExactly(row(0L));
 *   }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SparkTestBase {

  /** The session of this test class; set before the first test runs. */
  protected SparkSession spark;

  private Path tempRoot;

  /** Spark master; {@code local[2]} by default ({@code local[2,4]} allows task retries). */
  protected String master() {
    return "local[2]";
  }

  /** Session extension classes appended after Delta's; none by default. */
  protected List<String> extraSessionExtensions() {
    return List.of();
  }

  /** Extra {@code spark.*} settings applied when the session is built; none by default. */
  protected Map<String, String> extraSparkConf() {
    return Map.of();
  }

  @BeforeAll
  void startSpark() throws IOException {
    tempRoot = Files.createTempDirectory("spark-test-");
    Files.createDirectories(warehouse());
    // Another class may have left a session registered; extensions only apply to a new one.
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    SparkSession.Builder builder =
        SparkSession.builder().master(master()).appName(getClass().getSimpleName());
    baseConf().forEach(builder::config);
    extraSparkConf().forEach(builder::config);
    spark = builder.getOrCreate();
  }

  @AfterAll
  void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    closeHadoopFileSystems();
    if (tempRoot != null) {
      deleteRecursively(tempRoot);
    }
  }

  private Map<String, String> baseConf() {
    List<String> extensions = new ArrayList<>();
    extensions.add("io.delta.sql.DeltaSparkSessionExtension");
    extensions.addAll(extraSessionExtensions());
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", "2");
    conf.put("spark.default.parallelism", "2");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.sql.extensions", String.join(",", extensions));
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.sql.warehouse.dir", warehouse().toUri().toString());
    conf.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
    conf.put("spark.databricks.delta.snapshotPartitions", "2");
    conf.put("spark.ui.showConsoleProgress", "false");
    return conf;
  }

  private static void closeHadoopFileSystems() {
    try {
      // Cached file systems (e.g. S3A per bucket) would otherwise outlive this class's settings.
      FileSystem.closeAll();
    } catch (IOException e) {
      throw new UncheckedIOException("could not close Hadoop file systems", e);
    }
  }

  /** Folder of the session's warehouse (managed tables); deleted after the class. */
  protected Path warehouse() {
    return tempRoot.resolve("warehouse");
  }

  /** A new empty folder under the class's temporary root; deleted after the class. */
  protected Path newFolder(String prefix) {
    try {
      return Files.createTempDirectory(tempRoot, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a statement built with {@link String#format} and returns its rows. */
  protected List<Row> sql(String query, Object... args) {
    return df(query, args).collectAsList();
  }

  /** The lazy result of a query built with {@link String#format}. */
  protected Dataset<Row> df(String query, Object... args) {
    return spark.sql(args.length == 0 ? query : String.format(query, args));
  }

  /** Rows of a query as {@code Object[]}s, for AssertJ comparisons against {@link #row}. */
  protected List<Object[]> rows(String query, Object... args) {
    return rows(df(query, args));
  }

  /** Rows of a data frame as {@code Object[]}s, for AssertJ comparisons against {@link #row}. */
  protected static List<Object[]> rows(Dataset<Row> df) {
    List<Object[]> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      Object[] values = new Object[r.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(i);
      }
      out.add(values);
    }
    return out;
  }

  /** One expected row. */
  protected static Object[] row(Object... values) {
    return values;
  }

  /**
   * Runs {@code body} with SQL settings changed, then restores the previous values (unset keys are
   * unset again).
   */
  protected void withSQLConf(Map<String, String> conf, Runnable body) {
    Map<String, String> previous = new LinkedHashMap<>();
    conf.forEach(
        (k, v) -> {
          previous.put(k, spark.conf().contains(k) ? spark.conf().get(k) : null);
          spark.conf().set(k, v);
        });
    try {
      body.run();
    } finally {
      previous.forEach(
          (k, v) -> {
            if (v == null) {
              spark.conf().unset(k);
            } else {
              spark.conf().set(k, v);
            }
          });
    }
  }

  /** Deletes a folder tree, ignoring files that are already gone. */
  protected static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }
}
