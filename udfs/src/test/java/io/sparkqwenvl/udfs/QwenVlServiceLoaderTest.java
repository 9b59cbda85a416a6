package io.sparkqwenvl.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Without {@code spark.sql.extensions} naming it, the extension is found through the ServiceLoader
 * entry of the jar (META-INF/services/...SparkSessionExtensionsProvider).
 */
class QwenVlServiceLoaderTest extends SparkTestBase {

  @Override
  protected Map<String, String> extraSparkConf() {
    return Map.of(QwenVlUdfProperties.BACKEND, FakeBackend.class.getName());
  }

  @Test
  void theFunctionsAreRegisteredByTheServiceLoader() {
    assertThat(spark.conf().get("spark.sql.extensions"))
        .doesNotContain(QwenVlSessionExtensions.class.getName());
    Path dir = newFolder("images");
    Path file = TestMedia.writeImages(dir, 1).get(0);
    List<Row> rows = sql("SELECT qwen_caption(content) FROM binaryFile.`%s`", dir.toUri());
    assertThat(rows.get(0).getString(0)).isEqualTo("caption of file:" + file.toAbsolutePath());
    assertThat(sql("EXPLAIN SELECT qwen_caption(content) FROM binaryFile.`%s`", dir.toUri()))
        .first()
        .satisfies(r -> assertThat(r.getString(0)).contains("BatchQwenVlEval"));
  }
}
