package io.sparkqwenvl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The shared test infrastructure itself: session settings, Delta, S3A against LocalS3. */
class SparkTestBaseTest extends SparkTestBase {

  private final LocalS3 s3 = LocalS3.start();

  @Override
  protected Map<String, String> extraSparkConf() {
    return s3.sparkConf();
  }

  @AfterAll
  void stopS3() {
    s3.close();
  }

  @Test
  void sessionIsLocalWithDeltaAndLoopbackDriver() {
    assertThat(spark.conf().get("spark.sql.extensions"))
        .isEqualTo("io.delta.sql.DeltaSparkSessionExtension");
    assertThat(spark.sparkContext().getConf().get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
    sql("CREATE TABLE t (id INT, name STRING) USING delta");
    sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    assertThat(rows("SELECT id, name FROM t ORDER BY id"))
        .containsExactly(row(1, "a"), row(2, "b"));
    assertThat(Files.exists(warehouse().resolve("t").resolve("_delta_log"))).isTrue();
  }

  @Test
  void withSqlConfRestoresPreviousValues() {
    withSQLConf(
        Map.of("spark.sql.shuffle.partitions", "3", "spark.sql.qwenvl.test-only", "x"),
        () -> assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("3"));
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(spark.conf().contains("spark.sql.qwenvl.test-only")).isFalse();
  }

  @Test
  void deltaRoundTripOverS3a() {
    String root = s3.createBucket("infra-test");
    spark
        .range(5)
        .selectExpr("id", "cast(id * 2 as int) AS twice")
        .write()
        .format("delta")
        .save(root + "/t");
    assertThat(rows("SELECT sum(twice) FROM delta.`%s/t`", root)).containsExactly(row(20L));
    assertThat(s3.blobStore().list("infra-test")).isNotEmpty();
    assertThat(s3.endpoint()).startsWith("http://127.0.0.1:");
  }

  @Test
  void objectsPutDirectlyAreVisibleThroughS3a() {
    String root = s3.createBucket("infra-put");
    s3.put("infra-put", "dir/a.png", TestMedia.png(8, 8, 1));
    assertThat(rows("SELECT length(content) FROM binaryFile.`%s/dir/`", root))
        .containsExactly(row(TestMedia.png(8, 8, 1).length));
  }

  @Test
  void badFilesCorpusHasEveryCase() throws Exception {
    Path dir = newFolder("bad");
    Map<String, Path> files = BadFiles.write(dir);
    assertThat(files)
        .containsOnlyKeys(
            BadFiles.TRUNCATED_JPEG,
            BadFiles.ZERO_BYTES,
            BadFiles.HTML_AS_JPEG,
            BadFiles.HUGE_PNG,
            BadFiles.BROKEN_MP4);
    assertThat(Files.size(files.get(BadFiles.ZERO_BYTES))).isZero();
    byte[] png = Files.readAllBytes(files.get(BadFiles.HUGE_PNG));
    assertThat(java.nio.ByteBuffer.wrap(png, 16, 8).getInt()).isEqualTo(50_000);
    byte[] jpg = Files.readAllBytes(files.get(BadFiles.TRUNCATED_JPEG));
    assertThat(jpg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(jpg[1] & 0xFF).isEqualTo(0xD8);
    assertThat(jpg[jpg.length - 1] & 0xFF).isNotEqualTo(0xD9);
  }
}
