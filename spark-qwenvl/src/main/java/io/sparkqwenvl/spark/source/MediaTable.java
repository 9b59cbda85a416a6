package io.sparkqwenvl.spark.source;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sparkqwenvl.runtime.Json;
import io.sparkqwenvl.spark.Redaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The media files under the read's paths, seen as a table whose rows are annotations. */
final class MediaTable implements SupportsRead {

  private final StructType schema;
  private final Map<String, String> options;

  MediaTable(StructType schema, Map<String, String> options) {
    this.schema = schema;
    this.options = caseInsensitive(options);
  }

  @Override
  public String name() {
    return "qwenvl " + paths(options).stream().map(Redaction::path).collect(Collectors.toList());
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    Map<String, String> merged = caseInsensitive(options);
    merged.putAll(scanOptions);
    return new MediaScanBuilder(SparkSession.active(), merged, schema);
  }

  static Map<String, String> caseInsensitive(Map<String, String> options) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (options != null) {
      m.putAll(options);
    }
    return m;
  }

  /** Input paths from {@code path} (one path or glob) and {@code paths} (a JSON array). */
  static List<String> paths(Map<String, String> options) {
    List<String> out = new ArrayList<>();
    String path = options.get(QwenVlReadOptions.PATH);
    if (path != null && !path.isBlank()) {
      // One path, not split on commas: a glob such as {2024,2025} contains them.
      out.add(path.trim());
    }
    String paths = options.get(QwenVlReadOptions.PATHS);
    if (paths != null && !paths.isBlank()) {
      try {
        out.addAll(Json.MAPPER.readValue(paths, new TypeReference<List<String>>() {}));
      } catch (Exception e) {
        throw new IllegalArgumentException("option paths must be a JSON array of strings", e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "the qwenvl source needs a path: spark.read().format(\"qwenvl\").load(\"dir-or-glob\")");
    }
    return out;
  }

  /** The session's Hadoop configuration plus every read option except the paths. */
  static Configuration hadoopConf(SparkSession spark, Map<String, String> options) {
    Configuration conf = spark.sessionState().newHadoopConf();
    options.forEach(
        (k, v) -> {
          if (!k.equalsIgnoreCase(QwenVlReadOptions.PATH)
              && !k.equalsIgnoreCase(QwenVlReadOptions.PATHS)) {
            conf.set(k, v);
          }
        });
    return conf;
  }
}
