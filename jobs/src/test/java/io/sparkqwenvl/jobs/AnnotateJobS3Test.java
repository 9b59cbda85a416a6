package io.sparkqwenvl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.testing.LocalS3;
import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The job reading a corpus from and writing its tables to s3a:// (in-process S3 server). */
class AnnotateJobS3Test extends SparkTestBase {

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
  void corpusAndTablesOnS3() {
    String bucket = s3.createBucket("corpus");
    s3.put("corpus", "photos/a.png", TestMedia.png(40, 30, 1));
    s3.put("corpus", "photos/nested/b.jpg", TestMedia.jpeg(40, 30, 2));
    s3.put("corpus", "photos/nested/notes.txt", "not media".getBytes());
    String table = bucket + "/tables/annotations";
    AnnotateArgs a =
        AnnotateArgs.parse(
            new String[] {"--input", bucket + "/photos", "--table", table, "--model", "fake"});

    RunSummary first = new AnnotateJob(spark, a, new FakeBackendFactory(), null).run();
    RunSummary second = new AnnotateJob(spark, a, new FakeBackendFactory(), null).run();

    assertThat(first.filesOk()).isEqualTo(2);
    assertThat(second.filesSkipped()).isEqualTo(2);
    List<Row> rows = sql("SELECT path, task FROM delta.`%s` ORDER BY path", table);
    assertThat(rows)
        .extracting(r -> r.getString(0))
        .containsExactly("s3a://corpus/photos/a.png", "s3a://corpus/photos/nested/b.jpg");
    assertThat(sql("SELECT * FROM delta.`%s_runs`", table)).hasSize(2);
    assertThat(sql("SELECT input FROM delta.`%s_runs`", table).get(0).getString(0))
        .doesNotContain(LocalS3.SECRET_KEY);
  }
}
