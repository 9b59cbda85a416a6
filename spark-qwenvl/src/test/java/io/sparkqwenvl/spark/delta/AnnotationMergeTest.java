package io.sparkqwenvl.spark.delta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.spark.QwenVlSQLProperties;
import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.testing.BadFiles;
import io.sparkqwenvl.testing.LocalS3;
import io.sparkqwenvl.testing.LogCapture;
import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results into Delta with MERGE: idempotent reruns, error repair, task retries, and the whole path
 * over s3a:// (LocalS3) with credentials that must never leak.
 */
class AnnotationMergeTest extends SparkTestBase {

  private final LocalS3 s3 = LocalS3.start();
  private Path images;

  @Override
  protected String master() {
    return "local[2,4]";
  }

  @Override
  protected Map<String, String> extraSparkConf() {
    Map<String, String> conf = new HashMap<>(s3.sparkConf());
    conf.putAll(Redaction.sparkConfDefaults());
    conf.put(QwenVlSQLProperties.MODEL, "tiny");
    conf.put(QwenVlSQLProperties.DEVICE, "cpu");
    conf.put(QwenVlSQLProperties.MAX_NEW_TOKENS, "4");
    conf.put(QwenVlSQLProperties.MAX_PIXELS, String.valueOf(64 * 28 * 28));
    return conf;
  }

  @BeforeAll
  void writeImages() {
    images = newFolder("images");
    TestMedia.writeImages(images, 4);
  }

  @AfterAll
  void stopS3() {
    s3.close();
  }

  private Dataset<Row> captions(String path, String... options) {
    var reader = spark.read().format("qwenvl").option("task", "caption");
    for (int i = 0; i < options.length; i += 2) {
      reader = reader.option(options[i], options[i + 1]);
    }
    return reader.load(path);
  }

  @Test
  void mergeTwiceKeepsOneRowPerFile() {
    String table = newFolder("captions").toUri().toString();
    AnnotationMerge.Result first = AnnotationMerge.intoPath(captions(images.toString()), table);
    AnnotationMerge.Result second = AnnotationMerge.intoPath(captions(images.toString()), table);
    assertThat(first.inserted()).isEqualTo(4);
    assertThat(second).isEqualTo(new AnnotationMerge.Result(0, 0));
    assertThat(rows("SELECT count(*), count(DISTINCT content_hash) FROM delta.`%s`", table))
        .containsExactly(row(4L, 4L));
  }

  @Test
  void successReplacesErrorButNeverTheReverse() {
    String table = newFolder("repair").toUri().toString();
    Dataset<Row> failed =
        captions(images.toString())
            .withColumn("error", when(col("path").endsWith("img-01.jpg"), lit("boom")));
    assertThat(AnnotationMerge.intoPath(failed, table).inserted()).isEqualTo(4);
    AnnotationMerge.Result repair = AnnotationMerge.intoPath(captions(images.toString()), table);
    assertThat(repair).isEqualTo(new AnnotationMerge.Result(0, 1));
    Dataset<Row> allFailed = captions(images.toString()).withColumn("error", lit("late boom"));
    assertThat(AnnotationMerge.intoPath(allFailed, table))
        .isEqualTo(new AnnotationMerge.Result(0, 0));
    assertThat(rows("SELECT count(*) FROM delta.`%s` WHERE error IS NULL", table))
        .containsExactly(row(4L));
  }

  @Test
  void aFileThatBecameReadableLosesItsStaleErrorRow() {
    String table = newFolder("unread").toUri().toString();
    // First run: img-01 could not be read, so it has no content hash and is keyed by its path.
    Column unread = col("path").endsWith("img-01.jpg");
    Dataset<Row> first =
        captions(images.toString())
            .withColumn("content_hash", when(unread, lit(null)).otherwise(col("content_hash")))
            .withColumn("error", when(unread, lit("cannot read")));
    assertThat(AnnotationMerge.intoPath(first, table).inserted()).isEqualTo(4);
    AnnotationMerge.Result second = AnnotationMerge.intoPath(captions(images.toString()), table);
    assertThat(second).isEqualTo(new AnnotationMerge.Result(1, 0, 1));
    assertThat(rows("SELECT count(*), count(error), count(content_hash) FROM delta.`%s`", table))
        .containsExactly(row(4L, 0L, 4L));
    assertThat(AnnotationMerge.intoPath(captions(images.toString()), table))
        .isEqualTo(new AnnotationMerge.Result(0, 0, 0));
  }

  @Test
  void duplicateContentInOneBatchIsMergedOnceIntoANamedTable() {
    Path dir = newFolder("dupes");
    TestMedia.writeImages(dir.resolve("a"), 2);
    TestMedia.writeImages(dir.resolve("b"), 2);
    assertThat(AnnotationMerge.intoTable(captions(dir.toString()), "dupes").inserted())
        .isEqualTo(2);
    assertThat(rows("SELECT count(*), min(path) LIKE '%%/a/%%' FROM dupes"))
        .containsExactly(row(2L, true));
  }

  @Test
  void retriedTasksLoseAndDuplicateNothing() throws Exception {
    String table = newFolder("retry").toUri().toString();
    // Two partitions of two small images (about 50 estimated tokens each); attempt 0 of each
    // task emits one row, then fails; the retry must replace, not add to, its output.
    Dataset<Row> flaky =
        captions(images.toString(), "partition-target-cost", "110", "testing.fail-after-rows", "1");
    assertThat(flaky.rdd().getNumPartitions()).isEqualTo(2);
    AtomicInteger failedAttempts = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
              failedAttempts.incrementAndGet();
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      AnnotationMerge.intoPath(flaky, table);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(failedAttempts.get()).as("failed task attempts").isGreaterThanOrEqualTo(2);
    assertThat(rows("SELECT count(*), count(DISTINCT path), count(error) FROM delta.`%s`", table))
        .containsExactly(row(4L, 4L, 0L));
  }

  @Test
  void s3aReadAndDeltaWriteLeakNoCredentials() throws Exception {
    String bucket = s3.createBucket("merge-test");
    for (int i = 0; i < 3; i++) {
      s3.put("merge-test", "in/img-" + i + ".png", TestMedia.png(40 + i, 30, i));
    }
    s3.put("merge-test", "in/" + BadFiles.HTML_AS_JPEG, BadFiles.htmlPage());
    try (LogCapture logs = LogCapture.start("io.sparkqwenvl")) {
      Dataset<Row> rows =
          captions(
              bucket + "/in/",
              "fs.s3a.access.key",
              LocalS3.ACCESS_KEY,
              "fs.s3a.secret.key",
              LocalS3.SECRET_KEY);
      String plan = rows.queryExecution().toString();
      AnnotationMerge.Result r = AnnotationMerge.intoPath(rows, bucket + "/captions");
      assertThat(r.inserted()).isEqualTo(4);
      List<String> json = df("SELECT * FROM delta.`%s/captions`", bucket).toJSON().collectAsList();
      assertThat(json).hasSize(4);
      assertThat(String.join("\n", json))
          .contains("s3a://merge-test/in/img-0.png")
          .contains(BadFiles.HTML_AS_JPEG);
      for (String text : List.of(String.join("\n", json), logs.text(), plan)) {
        assertThat(text).doesNotContain(LocalS3.ACCESS_KEY).doesNotContain(LocalS3.SECRET_KEY);
      }
      assertThat(logs.events()).isNotEmpty();
    }
    assertThat(rows("SELECT count(*) FROM delta.`%s/captions` WHERE error IS NOT NULL", bucket))
        .containsExactly(row(1L));
  }
}
