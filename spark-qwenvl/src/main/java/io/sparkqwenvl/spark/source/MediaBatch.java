package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskSpec;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the read on the driver: lists the files, probes their headers, packs them into partitions
 * of similar estimated cost, and broadcasts the Hadoop configuration once for the readers.
 */
final class MediaBatch implements Batch {

  private static final Logger LOG = LoggerFactory.getLogger(MediaBatch.class);

  /** Header probes running at once on the driver (I/O bound). */
  static final int PROBE_THREADS = 16;

  private final SparkSession spark;
  private final Map<String, String> options;
  private final QwenVlConf conf;
  private final Configuration hadoop;
  private InputPartition[] partitions;

  MediaBatch(SparkSession spark, Map<String, String> options, QwenVlConf conf) {
    this.spark = spark;
    this.options = options;
    this.conf = conf;
    this.hadoop = MediaTable.hadoopConf(spark, options);
    Redaction.registerSecrets(hadoop);
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (partitions == null) {
      partitions = plan();
    }
    return partitions;
  }

  private InputPartition[] plan() {
    long start = System.nanoTime();
    MediaKinds kinds =
        MediaKinds.of(
            options.get(QwenVlReadOptions.MEDIA_TYPES), options.get(QwenVlReadOptions.EXTENSIONS));
    boolean recursive = !"false".equalsIgnoreCase(options.get(QwenVlReadOptions.RECURSIVE));
    List<FileStatus> listed =
        MediaListing.list(hadoop, MediaTable.paths(options), recursive, kinds);
    CostEstimator estimator =
        new CostEstimator(conf.mediaOptions(), conf.generationConfig().maxNewTokens());
    List<PlannedFile> planned =
        new HeaderProbe(hadoop, conf.probeBytes(), estimator).plan(listed, PROBE_THREADS);
    List<List<PlannedFile>> groups = PartitionPlanner.pack(planned, conf.partitionTargetCost());
    InputPartition[] out = new InputPartition[groups.size()];
    for (int i = 0; i < out.length; i++) {
      long cost = groups.get(i).stream().mapToLong(PlannedFile::estimatedCost).sum();
      out[i] = new MediaInputPartition(i, groups.get(i), cost);
    }
    LOG.info(
        "planned {} files into {} partitions in {} ms",
        planned.size(),
        out.length,
        (System.nanoTime() - start) / 1_000_000);
    return out;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    TaskSpec task = conf.taskSpec();
    MediaOptions media = conf.mediaOptions();
    SerializableConfiguration serializable = new SerializableConfiguration(hadoop);
    ReadSpec spec =
        new ReadSpec(
            options,
            QwenVlConf.sessionSettings(spark),
            PromptHash.of(task, media),
            JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(serializable));
    return new MediaReaderFactory(spec);
  }
}
