package io.sparkqwenvl.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.testing.BadFiles;
import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The SQL functions over binaryFile with a fake backend: types, order, errors as NULLs with
 * metrics, the batched operator in the plan and requests really in flight together.
 */
class QwenVlFunctionsTest extends SparkTestBase {

  private Path images;
  private List<Path> files;

  @Override
  protected List<String> extraSessionExtensions() {
    return List.of(QwenVlSessionExtensions.class.getName());
  }

  @Override
  protected Map<String, String> extraSparkConf() {
    return Map.of(QwenVlUdfProperties.BACKEND, FakeBackend.class.getName());
  }

  @BeforeAll
  void writeImages() {
    images = newFolder("images");
    files = TestMedia.writeImages(images, 12);
  }

  @BeforeEach
  void resetBackend() {
    FakeBackend.reset();
  }

  private String table() {
    return "binaryFile.`" + images.toUri() + "`";
  }

  private static String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  @Test
  void captionsComeBackInOrderWithTheirPaths() {
    Dataset<Row> df = df("SELECT path, qwen_caption(content) AS c FROM %s ORDER BY path", table());
    assertThat(df.schema().apply("c").dataType()).isEqualTo(DataTypes.StringType);
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(files.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).getString(0)).isEqualTo(uri(files.get(i)));
      assertThat(rows.get(i).getString(1)).isEqualTo("caption of " + uri(files.get(i)));
    }
  }

  @Test
  void rowsKeepTheirInputOrderWithinAPartition() {
    withSQLConf(
        Map.of(QwenVlUdfProperties.MAX_IN_FLIGHT, "3"),
        () -> {
          List<Row> rows =
              sql(
                  "SELECT path, qwen_caption(content) FROM (SELECT /*+ REPARTITION(1) */ * FROM"
                      + " %s ORDER BY path DESC)",
                  table());
          assertThat(rows).hasSize(files.size());
          for (int i = 0; i < rows.size(); i++) {
            Path expected = files.get(files.size() - 1 - i);
            assertThat(rows.get(i).getString(0)).isEqualTo(uri(expected));
            assertThat(rows.get(i).getString(1)).endsWith(uri(expected));
          }
        });
  }

  @Test
  void thePhysicalPlanHasTheBatchedOperator() {
    String plan =
        sql("EXPLAIN SELECT path, qwen_ocr(content) FROM %s", table()).get(0).getString(0);
    assertThat(plan).contains("BatchQwenVlEval [qwen_ocr(content");
    assertThat(
            sql("EXPLAIN EXTENDED SELECT qwen_caption(content) FROM %s", table())
                .get(0)
                .getString(0))
        .contains("BatchQwenVlEval");
  }

  @Test
  void manyRequestsAreInFlightAtOnce() {
    withSQLConf(
        Map.of(QwenVlUdfProperties.MAX_IN_FLIGHT, "8"),
        () -> {
          Dataset<Row> df =
              df(
                  "SELECT qwen_caption(content) FROM (SELECT /*+ REPARTITION(1) */ * FROM %s)",
                  table());
          assertThat(df.collectAsList()).hasSize(files.size());
          assertThat(FakeBackend.PEAK_IN_FLIGHT.get()).isBetween(2, 8);
          assertThat(metric(df, "batches")).isBetween(2L, (long) files.size() - 1);
          assertThat(metric(df, "images")).isEqualTo(files.size());
          assertThat(metric(df, "promptTokens")).isEqualTo(10L * files.size());
          assertThat(metric(df, "outputTokens")).isEqualTo(3L * files.size());
        });
  }

  @Test
  void aBadFileGivesNullAndAnErrorMetric() throws Exception {
    Path dir = newFolder("mixed");
    Files.write(dir.resolve("good.png"), TestMedia.png(40, 30, 7));
    Files.write(dir.resolve(BadFiles.HTML_AS_JPEG), BadFiles.htmlPage());
    // No ORDER BY: a global sort samples its input in an extra job, which would annotate twice.
    Dataset<Row> df = df("SELECT path, qwen_caption(content) FROM binaryFile.`%s`", dir.toUri());
    List<Row> rows = new ArrayList<>(df.collectAsList());
    rows.sort(Comparator.comparing(r -> r.getString(0)));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).endsWith("good.png");
    assertThat(rows.get(0).getString(1)).startsWith("caption of");
    assertThat(rows.get(1).getString(0)).endsWith(BadFiles.HTML_AS_JPEG);
    assertThat(rows.get(1).isNullAt(1)).isTrue();
    assertThat(metric(df, "errors")).isEqualTo(1L);
    assertThat(metric(df, "images")).isEqualTo(1L);
  }

  @Test
  void detectReturnsTypedBoxes() {
    Dataset<Row> df = df("SELECT qwen_detect(content, 'cat') AS boxes FROM %s", table());
    assertThat(df.schema().apply("boxes").dataType()).isEqualTo(ResultTypes.BOXES);
    assertThat(df.schema().apply("boxes").dataType().simpleString())
        .isEqualTo("array<struct<label:string,x1:double,y1:double,x2:double,y2:double>>");
    Row box = df.collectAsList().get(0).<Row>getList(0).get(0);
    assertThat(box.getString(0)).isEqualTo("cat");
    assertThat(box.getDouble(1)).isEqualTo(1.0);
    assertThat(box.getDouble(4)).isEqualTo(4.0);
  }

  @Test
  void extractReturnsAStructOfTheSchema() {
    Dataset<Row> df =
        df(
            "SELECT qwen_extract(content, 'title STRING, total DECIMAL(10,2), issued DATE,"
                + " tags ARRAY<STRING>, count INT') AS x FROM %s",
            table());
    StructType type = (StructType) df.schema().apply("x").dataType();
    assertThat(type.simpleString())
        .isEqualTo(
            "struct<title:string,total:decimal(10,2),issued:date,tags:array<string>,count:int>");
    Row x = df.collectAsList().get(0).getStruct(0);
    assertThat(x.getString(0)).startsWith("t:file:");
    assertThat(x.getDecimal(1)).isEqualByComparingTo(new BigDecimal("12.50"));
    assertThat(x.getDate(2)).isEqualTo(Date.valueOf("2024-12-04"));
    assertThat(x.<String>getList(3)).containsExactly("a", "b");
    assertThat(x.isNullAt(4)).isTrue();
    assertThat(FakeBackend.REQUESTS.get(0).task().schemaDdl()).startsWith("title STRING");
  }

  @Test
  void generateTakesAPromptPerRowAndOptions() {
    List<Row> rows =
        sql(
            "SELECT qwen_generate(content, concat('how many pixels in ', path),"
                + " map('max-new-tokens', '7', 'max-pixels', '50176')) FROM %s ORDER BY path"
                + " LIMIT 1",
            table());
    assertThat(rows.get(0).getString(0))
        .isEqualTo(
            "answer to 'how many pixels in " + uri(files.get(0)) + "' about " + uri(files.get(0)));
    assertThat(FakeBackend.REQUESTS).isNotEmpty();
    assertThat(FakeBackend.REQUESTS.get(0).task().generation().maxNewTokens()).isEqualTo(7);
    assertThat(FakeBackend.REQUESTS.get(0).media().maxPixels()).isEqualTo(50176);
  }

  @Test
  void callsInAWhereClauseAreBatchedToo() {
    List<Row> rows =
        sql("SELECT path FROM %s WHERE qwen_caption(content) LIKE '%%img-03%%'", table());
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly(uri(files.get(3)));
  }

  @Test
  void callsInAnAggregateAreBatchedToo() {
    List<Row> rows =
        sql(
            "SELECT qwen_caption(content) LIKE '%%img-0%%' AS k, count(*) FROM %s GROUP BY 1"
                + " ORDER BY 1",
            table());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getBoolean(0)).isFalse();
    assertThat(rows.get(0).getLong(1)).isEqualTo(2L);
    assertThat(rows.get(1).getBoolean(0)).isTrue();
    assertThat(rows.get(1).getLong(1)).isEqualTo(10L);
    assertThat(FakeBackend.REQUESTS).hasSize(files.size());
  }

  @Test
  void aPathStringIsReadThroughHadoop() {
    List<Row> rows = sql("SELECT qwen_caption(path) FROM %s ORDER BY path LIMIT 2", table());
    assertThat(rows.get(0).getString(0)).isEqualTo("caption of " + uri(files.get(0)));
    assertThat(FakeBackend.REQUESTS)
        .filteredOn(r -> r.mediaId().equals(uri(files.get(0))))
        .singleElement()
        .satisfies(r -> assertThat(r.content()).isEqualTo(Files.readAllBytes(files.get(0))));
  }

  @Test
  void aPathOverMaxMediaBytesIsNullWithoutBeingRead() {
    Dataset<Row> df =
        df(
            "SELECT qwen_caption(path, map('max-media-bytes', '100')) FROM %s WHERE path LIKE"
                + " '%%img-00%%'",
            table());
    assertThat(df.collectAsList())
        .singleElement()
        .satisfies(r -> assertThat(r.isNullAt(0)).isTrue());
    assertThat(FakeBackend.REQUESTS).isEmpty();
    assertThat(metric(df, "errors")).isEqualTo(1L);
  }

  @Test
  void badArgumentsFailAtAnalysis() {
    assertThatThrownBy(
            () -> df("SELECT qwen_caption(content, map('colour', 'red')) FROM %s", table()))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("unknown option 'colour'");
    assertThatThrownBy(
            () -> df("SELECT qwen_extract(content, 'a MAP<STRING,INT>') FROM %s", table()))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("bad schema");
    assertThatThrownBy(() -> df("SELECT qwen_caption(length) FROM %s", table()))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("BINARY");
    assertThatThrownBy(() -> df("SELECT qwen_detect(content) FROM %s", table()))
        .hasMessageContaining("qwen_detect takes 2 or 3 arguments");
  }

  @Test
  void orderByAndLimitAnnotateOnlyTheRowsKept() {
    Dataset<Row> df =
        df("SELECT path, qwen_caption(content) c FROM %s ORDER BY path DESC LIMIT 2", table());
    List<Row> rows = df.collectAsList();
    assertThat(rows)
        .extracting(r -> r.getString(0))
        .containsExactly(uri(files.get(files.size() - 1)), uri(files.get(files.size() - 2)));
    assertThat(rows.get(0).getString(1)).isEqualTo("caption of " + rows.get(0).getString(0));
    assertThat(FakeBackend.REQUESTS).hasSize(2);
  }

  @Test
  void aGlobalSortAnnotatesEachRowOnce() {
    List<Row> rows = sql("SELECT path, qwen_caption(content) FROM %s ORDER BY path", table());
    assertThat(rows)
        .extracting(r -> r.getString(0))
        .containsExactlyElementsOf(files.stream().map(QwenVlFunctionsTest::uri).toList());
    assertThat(FakeBackend.REQUESTS).hasSize(files.size());
  }

  @Test
  void describeFunctionShowsUsageAndArguments() {
    String text =
        sql("DESCRIBE FUNCTION EXTENDED qwen_extract").stream()
            .map(r -> r.getString(0))
            .reduce("", (a, b) -> a + "\n" + b);
    assertThat(text)
        .contains("qwen_extract(content, schema[, options])")
        .contains("* schema - STRING constant")
        .contains("SELECT path, qwen_extract(");
  }

  @Test
  void aCallOverBothSidesOfAJoinIsRefusedClearly() {
    assertThatThrownBy(
            () ->
                sql(
                    "SELECT a.path FROM %1$s a JOIN %1$s b"
                        + " ON qwen_generate(a.content, b.path) = 'x'",
                    table()))
        .hasMessageContaining("can only be evaluated by the batched operator");
  }

  private static long metric(Dataset<Row> df, String name) {
    SparkPlan exec = batchedOperator(df.queryExecution().executedPlan());
    assertThat(exec).as("BatchQwenVlEvalExec in the executed plan").isNotNull();
    return exec.metrics().apply(name).value();
  }

  /** The batched operator, looking into adaptive plans and their query stages. */
  private static SparkPlan batchedOperator(SparkPlan plan) {
    if (plan instanceof BatchQwenVlEvalExec) {
      return plan;
    }
    if (plan instanceof AdaptiveSparkPlanExec a) {
      return batchedOperator(a.executedPlan());
    }
    if (plan instanceof QueryStageExec q) {
      return batchedOperator(q.plan());
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      SparkPlan found = batchedOperator(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
