package io.sparkqwenvl.spark.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.model.Precision;
import io.sparkqwenvl.spark.ExecutorModelCache;
import io.sparkqwenvl.spark.QwenVlSQLProperties;
import io.sparkqwenvl.testing.BadFiles;
import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The qwenvl data source over a local folder, with the tiny model on the CPU. */
class QwenVlSourceTest extends SparkTestBase {

  private Path images;
  private Path mixed;
  private Path video;

  @Override
  protected Map<String, String> extraSparkConf() {
    return Map.of(
        "spark.plugins",
        "io.sparkqwenvl.spark.QwenVlPlugin",
        QwenVlSQLProperties.MODEL,
        "tiny",
        QwenVlSQLProperties.DEVICE,
        "cpu",
        QwenVlSQLProperties.MAX_NEW_TOKENS,
        "4",
        QwenVlSQLProperties.MAX_PIXELS,
        String.valueOf(64 * 28 * 28));
  }

  @BeforeAll
  void writeCorpus() {
    images = newFolder("images");
    TestMedia.writeImages(images, 4);
    mixed = newFolder("mixed");
    TestMedia.writeImages(mixed.resolve("good"), 2);
    BadFiles.write(mixed.resolve("bad"));
    BadFiles.copyFixtures(mixed.resolve("bad-fixtures"));
    video = newFolder("video");
    TestMedia.fixture("clip_160x120_7.5fps.mp4", video);
    TestMedia.fixture("baseline_100x100.jpg", video);
  }

  private Dataset<Row> read(String task, Path dir, String... options) {
    var reader = spark.read().format("qwenvl").option("task", task);
    for (int i = 0; i < options.length; i += 2) {
      reader = reader.option(options[i], options[i + 1]);
    }
    return reader.load(dir.toString());
  }

  @Test
  void captionGivesOneRowPerFileWithFileFactsAndProvenance() throws Exception {
    List<Row> rows = new ArrayList<>(read("caption", images).collectAsList());
    rows.sort(Comparator.comparing(r -> r.<String>getAs("path")));
    assertThat(rows).hasSize(4);
    Row first = rows.get(0);
    Path file = images.resolve("img-00.png");
    assertThat(first.<String>getAs("path")).endsWith("img-00.png");
    assertThat(first.<Long>getAs("size")).isEqualTo(Files.size(file));
    assertThat(first.<String>getAs("content_hash")).isEqualTo(sha256(Files.readAllBytes(file)));
    assertThat(first.<String>getAs("media_type")).isEqualTo("image");
    assertThat(first.<Integer>getAs("width")).isEqualTo(32);
    assertThat(first.<Integer>getAs("height")).isEqualTo(24);
    assertThat(first.<String>getAs("task")).isEqualTo("caption");
    for (Row r : rows) {
      assertThat(r.<String>getAs("error")).as("error of %s", r.<String>getAs("path")).isNull();
      assertThat(r.<String>getAs("text")).isNotNull();
      assertThat(r.<String>getAs("finish_reason")).isIn("stop", "length", "repetition");
      Row prov = r.getAs("provenance");
      assertThat(prov.<String>getAs("model_revision")).isNotBlank();
      assertThat(prov.<String>getAs("prompt_hash")).hasSize(64);
      assertThat(prov.<Integer>getAs("max_pixels")).isEqualTo(64 * 28 * 28);
      assertThat(prov.<Integer>getAs("prompt_tokens")).isPositive();
    }
    assertThat(ExecutorModelCache.loaded())
        .contains(new ExecutorModelCache.ModelKey("tiny", "cpu", Precision.FP32));
  }

  @Test
  void badFilesBecomeErrorRowsAndTheJobSucceeds() {
    List<Row> rows = read("caption", mixed).collectAsList();
    List<String> bad = new ArrayList<>(BadFiles.FIXTURES);
    bad.addAll(
        List.of(
            BadFiles.TRUNCATED_JPEG,
            BadFiles.ZERO_BYTES,
            BadFiles.HTML_AS_JPEG,
            BadFiles.HUGE_PNG,
            BadFiles.BROKEN_MP4));
    assertThat(rows).hasSize(2 + bad.size());
    Map<String, Row> byName =
        rows.stream()
            .collect(
                Collectors.toMap(
                    r -> Path.of(r.<String>getAs("path")).getFileName().toString(), r -> r));
    for (String name : bad) {
      Row r = byName.get(name);
      assertThat(r).as(name).isNotNull();
      assertThat(r.<String>getAs("error")).as("error of %s", name).isNotBlank().contains(name);
      assertThat(r.<String>getAs("error_stage")).as("stage of %s", name).isNotBlank();
      assertThat(r.<String>getAs("finish_reason")).as(name).isEqualTo("error");
      assertThat(r.<String>getAs("text")).as(name).isNull();
    }
    assertThat(byName.get(BadFiles.BROKEN_MP4).<String>getAs("media_type")).isEqualTo("video");
    assertThat(byName.get("img-00.png").<String>getAs("error")).isNull();
  }

  /**
   * A file that grew past max-media-bytes after planning is a read error row, not its first bytes
   * annotated and hashed as if they were the file.
   */
  @Test
  void aFileThatGrewPastTheLimitAfterPlanningIsAReadError() throws Exception {
    Path dir = newFolder("growing");
    Path file = dir.resolve("growing.png");
    Files.write(file, TestMedia.png(32, 24, 7));
    long limit = Files.size(file) - 10;
    PlannedFile planned =
        new PlannedFile(file.toUri().toString(), limit - 5, 0L, "image", 32, 24, 0, 100);
    ReadSpec spec =
        new ReadSpec(
            Map.of("task", "caption", QwenVlReadOptions.MAX_MEDIA_BYTES, String.valueOf(limit)),
            io.sparkqwenvl.spark.QwenVlConf.sessionSettings(spark),
            "hash",
            new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .broadcast(
                    new org.apache.spark.util.SerializableConfiguration(
                        spark.sparkContext().hadoopConfiguration())));
    MediaReader reader = new MediaReader(new MediaInputPartition(0, List.of(planned), 100), spec);
    try {
      assertThat(reader.next()).isTrue();
      var row = reader.get();
      assertThat(row.isNullAt(ResultSchema.CONTENT_HASH)).isTrue();
      assertThat(row.getUTF8String(ResultSchema.ERROR_STAGE).toString()).isEqualTo("read");
      assertThat(row.getUTF8String(ResultSchema.ERROR).toString()).contains("max-media-bytes");
      assertThat(reader.next()).isFalse();
    } finally {
      reader.close();
    }
  }

  @Test
  void videosAreAnnotatedAndCountedInTheScanMetrics() throws Exception {
    // No orderBy: a sort samples its input first, which would annotate every file twice.
    List<Row> rows = new ArrayList<>(read("caption", video, "max-frames", "4").collectAsList());
    rows.sort(Comparator.comparing(r -> r.<String>getAs("path")));
    assertThat(rows).hasSize(2);
    Row clip = rows.get(1);
    assertThat(clip.<String>getAs("media_type")).isEqualTo("video");
    assertThat(clip.<String>getAs("error")).isNull();
    assertThat(clip.<Double>getAs("duration")).isPositive();
    assertThat(clip.<Integer>getAs("width")).isEqualTo(160);
    assertThat(rows.get(0).<String>getAs("media_type")).isEqualTo("image");
    Map<String, String> metrics = ScanMetrics.ofLastExecution(spark);
    assertThat(metrics)
        .containsEntry("images annotated", "1")
        .containsEntry("videos annotated", "1");
    assertThat(metrics).containsEntry("error rows", "0");
    assertThat(Long.parseLong(metrics.get("prompt + generated tokens"))).isPositive();
  }

  @Test
  void detectHasTypedBoxesWithCoordinateSpaceComment() {
    Dataset<Row> df = read("detect", images, "target", "the gradient");
    var field = df.schema().apply("boxes");
    assertThat(field.dataType()).isInstanceOf(ArrayType.class);
    StructType box = (StructType) ((ArrayType) field.dataType()).elementType();
    assertThat(box.fieldNames())
        .containsExactly("label", "x1", "y1", "x2", "y2", "nx1", "ny1", "nx2", "ny2", "timestamp");
    assertThat(field.getComment().get()).startsWith("coordinate_space");
    assertThat(df.count()).isEqualTo(4);
    assertThat(df.where("error IS NULL AND boxes IS NOT NULL").count()).isEqualTo(4);
  }

  @Test
  void extractHasTheUserSchemaAsSparkTypes() {
    Dataset<Row> df =
        read("extract", images, "schema", "n INT COMMENT 'how many', tags ARRAY<STRING>, d DATE");
    StructType extracted = (StructType) df.schema().apply("extracted").dataType();
    assertThat(extracted.apply("n").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(extracted.apply("n").getComment().get()).isEqualTo("how many");
    assertThat(extracted.apply("tags").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, true));
    assertThat(extracted.apply("d").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(df.where("error IS NULL").count()).isEqualTo(4);
  }

  @Test
  void partitionsFollowTheTargetCostAndPromptHashFollowsTheQuestion() {
    Dataset<Row> one = read("caption", images);
    Dataset<Row> many = read("caption", images, "partition-target-cost", "1");
    assertThat(one.rdd().getNumPartitions()).isEqualTo(1);
    assertThat(many.rdd().getNumPartitions()).isEqualTo(4);
    String h1 = hash(read("caption", images, "partition-target-cost", "1"));
    String h2 =
        hash(read("caption", images, "prompt", "What is this?", "partition-target-cost", "1"));
    assertThat(h1).isNotEqualTo(h2);
    assertThat(hash(many)).isEqualTo(h1);
  }

  @Test
  void everyTextTaskAnswersInTheTextColumn() {
    for (String task : List.of("caption_detailed", "ocr", "ocr_html", "prompt")) {
      Dataset<Row> df = read(task, images, "extensions", "png", "prompt", "Name one colour.");
      assertThat(df.schema().fieldNames()).as(task).contains("text").doesNotContain("boxes");
      List<Row> rows = df.collectAsList();
      assertThat(rows).as(task).hasSize(2);
      assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("error")).as(task).isNull());
      assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("task")).isEqualTo(task));
    }
  }

  @Test
  void mediaTypeAndExtensionFiltersSelectFiles() {
    assertThat(
            read("caption", mixed, "media-types", "video")
                .select("path")
                .as(Encoders.STRING())
                .collectAsList())
        .extracting(p -> Path.of(p).getFileName().toString())
        .containsExactlyInAnyOrder(BadFiles.BROKEN_MP4, "bad_truncated.mp4");
    // img-00.png, huge-50000x50000.png, bad_huge_50000x50000.png
    assertThat(read("caption", mixed, "extensions", ".PNG").count()).isEqualTo(3);
    assertThat(read("caption", mixed, "recursive", "false", "extensions", "png").count()).isZero();
  }

  private static String hash(Dataset<Row> df) {
    return df.select("provenance.prompt_hash")
        .distinct()
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .get(0);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
