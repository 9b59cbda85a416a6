package io.sparkqwenvl.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The session the command line creates: local Spark bound to 127.0.0.1 with the UI off, Delta's and
 * spark-qwenvl's SQL extensions, Delta's catalog, and the spark-qwenvl plugin.
 */
public final class LocalSession {

  /** Delta's extension, then the qwen_* functions. */
  public static final String EXTENSIONS =
      "io.delta.sql.DeltaSparkSessionExtension,io.sparkqwenvl.udfs.QwenVlSessionExtensions";

  private LocalSession() {}

  /** The default settings for {@code master}. */
  public static Map<String, String> defaults(String master) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("spark.master", master);
    c.put("spark.app.name", "qwenvl");
    c.put("spark.ui.enabled", "false");
    c.put("spark.ui.showConsoleProgress", "false");
    c.put("spark.driver.host", "127.0.0.1");
    c.put("spark.driver.bindAddress", "127.0.0.1");
    c.put("spark.sql.shuffle.partitions", "4");
    c.put("spark.sql.extensions", EXTENSIONS);
    c.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    c.put("spark.plugins", "io.sparkqwenvl.spark.QwenVlPlugin");
    c.putAll(io.sparkqwenvl.spark.Redaction.sparkConfDefaults());
    return c;
  }

  /** Starts (or returns) the session with the defaults overridden by {@code conf}. */
  public static SparkSession create(String master, Map<String, String> conf) {
    Map<String, String> all = defaults(master);
    all.putAll(conf);
    SparkSession.Builder b = SparkSession.builder();
    all.forEach(b::config);
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
