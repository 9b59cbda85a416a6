package io.sparkqwenvl.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskResult;
import io.sparkqwenvl.tasks.TaskSpec;
import io.sparkqwenvl.testing.BadFiles;
import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The functions end to end on the tiny random checkpoint through the executor's model cache: the
 * text is noise, but every result has its type, extract structs parse, a bad file is a NULL and the
 * annotator sees many requests at once.
 */
class QwenVlFunctionsTinyModelTest extends SparkTestBase {

  private Path images;

  @Override
  protected List<String> extraSessionExtensions() {
    return List.of(QwenVlSessionExtensions.class.getName());
  }

  @Override
  protected Map<String, String> extraSparkConf() {
    return Map.of(
        "spark.sql.qwenvl.model", "tiny",
        "spark.sql.qwenvl.device", "cpu",
        "spark.sql.qwenvl.max-new-tokens", "6",
        "spark.sql.qwenvl.engine.max-batch-sequences", "8");
  }

  @BeforeAll
  void writeImages() throws Exception {
    images = newFolder("images");
    TestMedia.writeImages(images, 4);
    Files.write(images.resolve(BadFiles.HTML_AS_JPEG), BadFiles.htmlPage());
  }

  /**
   * Cancelling a row's future (a task that ends early: LIMIT, kill) cancels the annotator's request
   * itself, not a copy of it that leaves the request running for nobody.
   */
  @Test
  void cancellingAFutureCancelsTheAnnotatorRequest() {
    AnnotationBackend backend =
        new ExecutorAnnotatorBackend()
            .open(Map.of("spark.sql.qwenvl.model", "tiny", "spark.sql.qwenvl.device", "cpu"));
    TaskSpec caption =
        new TaskSpec(TaskKind.CAPTION, null, null, null, null, GenerationConfig.qwenDefault(400));
    AnnotationRequest request =
        new AnnotationRequest(
            "cancelled.png",
            TestMedia.png(32, 24, 3),
            caption,
            new MediaOptions(null, null, null, null, null));
    int before = ExecutorAnnotatorBackend.stats().inFlight();
    CompletableFuture<TaskResult> f = backend.submit(Map.of(), request);
    assertThat(ExecutorAnnotatorBackend.stats().inFlight()).isEqualTo(before + 1);
    assertThat(f.cancel(true)).isTrue();
    assertThat(ExecutorAnnotatorBackend.stats().inFlight()).isEqualTo(before);
  }

  @Test
  void everyFunctionReturnsItsTypeAndABadFileIsNull() {
    ExecutorAnnotatorBackend.resetStats();
    Dataset<Row> df =
        df(
            "SELECT path, qwen_caption(content) AS cap, qwen_ocr(content) ocr,"
                + " qwen_detect(content, 'a cat') boxes,"
                + " qwen_extract(content, 'title STRING, count INT',"
                + "   map('max-new-tokens', '40')) x,"
                + " qwen_generate(content, 'Which colour?') gen"
                + " FROM (SELECT /*+ REPARTITION(1) */ * FROM binaryFile.`%s`)",
            images.toUri());
    StructType schema = df.schema();
    assertThat(schema.apply("cap").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(schema.apply("boxes").dataType()).isEqualTo(ResultTypes.BOXES);
    assertThat(schema.apply("x").dataType().simpleString())
        .isEqualTo("struct<title:string,count:int>");
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(5);
    for (Row r : rows) {
      boolean bad = r.getString(0).endsWith(BadFiles.HTML_AS_JPEG);
      for (int i = 1; i < r.length(); i++) {
        assertThat(r.isNullAt(i)).as("%s column %s", r.getString(0), i).isEqualTo(bad);
      }
      if (!bad) {
        assertThat(r.getString(1)).isNotNull();
        assertThat(r.getList(3)).isNotNull();
        assertThat(r.getStruct(4).schema().fieldNames()).containsExactly("title", "count");
      }
    }
    ExecutorAnnotatorBackend.Stats stats = ExecutorAnnotatorBackend.stats();
    // 5 rows (the bad file too: the annotator finds it bad) x 5 calls.
    assertThat(stats.submitted()).isEqualTo(5 * 5);
    assertThat(stats.peakInFlight()).isGreaterThan(1);
  }
}
