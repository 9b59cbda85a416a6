package io.sparkqwenvl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.testing.SparkTestBase;
import io.sparkqwenvl.testing.TestMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnnotateJobTest extends SparkTestBase {

  @BeforeEach
  void resetCounter() {
    FakeBackendFactory.ANNOTATED.set(0);
    FakeBackendFactory.OPENED.clear();
    FakeBackendFactory.CLOSED.set(0);
  }

  /** 3 images, 1 "video" (ftyp header), a renamed copy of the first image, a text file. */
  private Path corpus() throws Exception {
    Path dir = newFolder("corpus");
    List<Path> imgs = TestMedia.writeImages(dir.resolve("images"), 3);
    Files.copy(imgs.get(0), dir.resolve("copy-of-first.png"));
    Files.write(dir.resolve("clip.mp4"), mp4Header());
    Files.writeString(dir.resolve("README.txt"), "not media");
    return dir;
  }

  private AnnotateArgs args(Path input, Path table, String tasks, int chunk) {
    return args(input.toString(), table, tasks, chunk);
  }

  private AnnotateArgs args(String input, Path table, String tasks, int chunk) {
    return AnnotateArgs.parse(
        new String[] {
          "--input",
          input,
          "--table",
          table.toString(),
          "--tasks",
          tasks,
          "--model",
          "fake",
          "--chunk-files",
          String.valueOf(chunk)
        });
  }

  private RunSummary run(AnnotateArgs a, JobProgress p) {
    return new AnnotateJob(spark, a, new FakeBackendFactory(), p).run();
  }

  @Test
  void secondRunAnnotatesNothingAndAddsNoRows() throws Exception {
    Path in = corpus();
    Path table = newFolder("t").resolve("annotations");
    AnnotateArgs a = args(in, table, "caption,detect=cat", 2);

    RunSummary first = run(a, null);
    assertThat(first.filesSeen()).isEqualTo(5);
    assertThat(first.filesSkipped()).isEqualTo(1);
    assertThat(first.filesOk()).isEqualTo(4);
    assertThat(first.itemsOk()).isEqualTo(8);
    assertThat(FakeBackendFactory.ANNOTATED.get()).isEqualTo(8);
    List<Row> rows1 =
        sql("SELECT content_hash, task, raw_text FROM delta.`%s` ORDER BY 1, 2", table);
    assertThat(rows1).hasSize(8);
    assertThat(sql("SELECT * FROM delta.`%s` WHERE task = 'detect' AND size(boxes) = 1", table))
        .hasSize(4);
    assertThat(sql("SELECT * FROM delta.`%s` WHERE media_type = 'video'", table)).hasSize(2);

    FakeBackendFactory.ANNOTATED.set(0);
    RunSummary second = run(args(in, table, "caption,detect=cat", 2), null);
    assertThat(FakeBackendFactory.ANNOTATED.get()).isZero();
    assertThat(second.filesSkipped()).isEqualTo(5);
    assertThat(second.itemsOk()).isZero();
    assertThat(sql("SELECT content_hash, task, raw_text FROM delta.`%s` ORDER BY 1, 2", table))
        .containsExactlyElementsOf(rows1);

    List<Row> runs =
        sql(
            "SELECT files_seen, files_skipped, files_ok, status FROM delta.`%s_runs` ORDER BY"
                + " started_at",
            table);
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).getLong(2)).isEqualTo(4);
    assertThat(runs.get(1).getLong(1)).isEqualTo(5);
    assertThat(runs.get(1).getString(3)).isEqualTo("succeeded");
    // Every backend opened on an executor (the model probe, each partition) is closed.
    assertThat(FakeBackendFactory.OPENED).isNotEmpty();
    assertThat(FakeBackendFactory.CLOSED.get()).isEqualTo(FakeBackendFactory.OPENED.size());
  }

  @Test
  void crashAfterFirstChunkThenRerunFinishesWithoutDuplicates() throws Exception {
    Path in = corpus();
    Path table = newFolder("t").resolve("annotations");
    JobProgress crash =
        new JobProgress() {
          @Override
          public void chunkCommitted(int chunk, long files, long ok, long failed, long tokens) {
            throw new IllegalStateException("simulated crash after chunk " + chunk);
          }
        };
    assertThatThrownBy(() -> run(args(in, table, "caption", 2), crash))
        .hasMessageContaining("simulated crash after chunk 1");
    assertThat(sql("SELECT * FROM delta.`%s`", table)).hasSize(2);
    assertThat(sql("SELECT status, error FROM delta.`%s_runs`", table).get(0).getString(0))
        .isEqualTo("failed");

    FakeBackendFactory.ANNOTATED.set(0);
    run(args(in, table, "caption", 2), null);
    assertThat(FakeBackendFactory.ANNOTATED.get()).isEqualTo(2);
    assertThat(sql("SELECT * FROM delta.`%s`", table)).hasSize(4);
    assertThat(
            sql(
                "SELECT content_hash, task FROM delta.`%s` GROUP BY 1, 2 HAVING count(*) > 1",
                table))
        .isEmpty();
  }

  @Test
  void badFilesGoToTheQuarantineWithTheirStage() throws Exception {
    Path in = newFolder("bad");
    TestMedia.writeImages(in, 1);
    Files.write(
        in.resolve("not-an-image.jpg"), "<html>oops</html>".getBytes(StandardCharsets.UTF_8));
    Path table = newFolder("t").resolve("annotations");

    RunSummary s = run(args(in, table, "caption", 8), null);
    assertThat(s.filesFailed()).isEqualTo(1);
    assertThat(s.filesOk()).isEqualTo(1);
    run(args(in, table, "caption", 8), null);

    List<Row> q =
        sql("SELECT path, error_stage, error, attempts FROM delta.`%s_quarantine`", table);
    assertThat(q).hasSize(1);
    assertThat(q.get(0).getString(0)).endsWith("not-an-image.jpg");
    assertThat(q.get(0).getString(1)).isEqualTo("decode");
    assertThat(q.get(0).getString(2)).contains("not-an-image.jpg");
    assertThat(q.get(0).getInt(3)).isEqualTo(2);
    assertThat(sql("SELECT * FROM delta.`%s`", table)).hasSize(1);
  }

  @Test
  void aKeyThatSucceedsLaterLeavesTheQuarantine() throws Exception {
    Path in = newFolder("transient");
    TestMedia.writeImages(in, 1);
    Path table = newFolder("t").resolve("annotations");
    FakeBackendFactory.FAIL_ALL.set(true);
    try {
      assertThat(run(args(in, table, "caption", 8), null).filesFailed()).isEqualTo(1);
    } finally {
      FakeBackendFactory.FAIL_ALL.set(false);
    }
    assertThat(sql("SELECT error_stage FROM delta.`%s_quarantine`", table).get(0).getString(0))
        .isEqualTo("generate");
    assertThat(run(args(in, table, "caption", 8), null).filesOk()).isEqualTo(1);
    assertThat(sql("SELECT * FROM delta.`%s_quarantine`", table)).isEmpty();
    assertThat(sql("SELECT * FROM delta.`%s`", table)).hasSize(1);
  }

  /** The same task twice would write two rows with one key (the MERGE inserts both). */
  @Test
  void aTaskListedTwiceIsRefusedBeforeAnyRowIsWritten() throws Exception {
    Path in = newFolder("twice");
    TestMedia.writeImages(in, 1);
    Path table = newFolder("t").resolve("annotations");
    assertThatThrownBy(() -> run(args(in, table, "caption,detect=cat,caption", 8), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("caption");
    assertThat(FakeBackendFactory.ANNOTATED.get()).isZero();
    assertThat(table).doesNotExist();
    assertThat(sql("SELECT status FROM delta.`%s_runs`", table).get(0).getString(0))
        .isEqualTo("failed");
  }

  /**
   * A file rewritten between the scan and its chunk is not stored under the hash of its old bytes:
   * it fails this run and is annotated under its new hash by the next.
   */
  @Test
  void aFileChangedAfterTheScanIsNotStoredUnderItsOldHash() throws Exception {
    Path in = newFolder("changing");
    List<Path> imgs = TestMedia.writeImages(in, 2);
    Path table = newFolder("t").resolve("annotations");
    JobProgress rewrite =
        new JobProgress() {
          @Override
          public void planned(long filesToDo, long filesSkipped, long filesSeen) {
            try {
              Files.write(imgs.get(0), TestMedia.png(20, 12, 99));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    RunSummary first = run(args(in, table, "caption", 8), rewrite);
    assertThat(first.filesFailed()).isEqualTo(1);
    run(args(in, table, "caption", 8), null);
    List<Row> rows = sql("SELECT path, content_hash FROM delta.`%s`", table);
    assertThat(rows).hasSize(2);
    for (Row r : rows) {
      byte[] now = Files.readAllBytes(Path.of(java.net.URI.create(r.getString(0))));
      assertThat(r.getString(1)).as(r.getString(0)).isEqualTo(TaskKeys.sha256Hex(now));
    }
  }

  /**
   * A crash after a chunk's annotations are merged but before its keys leave the quarantine leaves
   * quarantine rows for keys that succeeded; the next run, which skips those keys, removes them.
   */
  @Test
  void quarantineRowsOfKeysAlreadyAnnotatedAreClearedOnTheNextRun() throws Exception {
    Path in = newFolder("leftover");
    TestMedia.writeImages(in, 2);
    Path table = newFolder("t").resolve("annotations");
    FakeBackendFactory.FAIL_ALL.set(true);
    try {
      run(args(in, table, "caption", 8), null);
    } finally {
      FakeBackendFactory.FAIL_ALL.set(false);
    }
    spark
        .read()
        .format("delta")
        .load(table + "_quarantine")
        .write()
        .format("delta")
        .mode("overwrite")
        .save(table + "_quarantine_saved");
    run(args(in, table, "caption", 8), null);
    // The crash: the first chunk's quarantine rows are back, the annotations are there.
    spark
        .read()
        .format("delta")
        .load(table + "_quarantine_saved")
        .write()
        .format("delta")
        .mode("overwrite")
        .save(table + "_quarantine");
    assertThat(sql("SELECT * FROM delta.`%s_quarantine`", table)).hasSize(2);

    FakeBackendFactory.ANNOTATED.set(0);
    run(args(in, table, "caption", 8), null);
    assertThat(FakeBackendFactory.ANNOTATED.get()).isZero();
    assertThat(sql("SELECT * FROM delta.`%s_quarantine`", table)).isEmpty();
    assertThat(sql("SELECT * FROM delta.`%s`", table)).hasSize(2);
  }

  @Test
  void aNewTaskOnlyRunsTheNewTask() throws Exception {
    Path in = newFolder("two");
    TestMedia.writeImages(in, 2);
    Path table = newFolder("t").resolve("annotations");
    run(args(in, table, "caption", 8), null);
    FakeBackendFactory.ANNOTATED.set(0);
    run(args(in, table, "caption,extract='total DOUBLE'", 8), null);
    assertThat(FakeBackendFactory.ANNOTATED.get()).isEqualTo(2);
    List<Row> r =
        sql("SELECT fields_json, prompt, note FROM delta.`%s` WHERE task = 'extract'", table);
    assertThat(r).hasSize(2);
    assertThat(r.get(0).getString(0)).isEqualTo("{\"total\":12.5}");
    assertThat(r.get(0).getString(1)).isEqualTo("total DOUBLE");
    assertThat(r.get(0).getString(2)).isEqualTo("fake model");
  }

  /**
   * The job's --conf settings and the session's spark.sql.qwenvl.* settings reach the backend on
   * the executors, with --device/--precision over both.
   */
  @Test
  void confAndSessionSettingsReachTheBackend() throws Exception {
    Path in = newFolder("conf");
    TestMedia.writeImages(in, 2);
    Path table = newFolder("t").resolve("annotations");
    Path cache = newFolder("model-cache");
    AnnotateArgs a =
        AnnotateArgs.parse(
            new String[] {
              "--input", in.toString(),
              "--table", table.toString(),
              "--model", "fake",
              "--device", "cpu",
              "--precision", "fp32",
              "--conf", "spark.sql.qwenvl.engine.lanes=2",
              "--conf", "spark.sql.qwenvl.cache-dir=" + cache,
              "--conf", "spark.sql.qwenvl.device=gpu:3",
              "--conf", "spark.sql.qwenvl.precision=fp16"
            });
    spark.conf().set("spark.sql.qwenvl.engine.kv-capacity", "1024");
    spark.conf().set("spark.sql.qwenvl.engine.lanes", "5");
    try {
      assertThat(run(a, null).filesOk()).isEqualTo(2);
    } finally {
      spark.conf().unset("spark.sql.qwenvl.engine.kv-capacity");
      spark.conf().unset("spark.sql.qwenvl.engine.lanes");
    }
    // The model probe plus one open per partition, each a copy shipped through Spark.
    assertThat(FakeBackendFactory.OPENED).hasSizeGreaterThanOrEqualTo(2);
    assertThat(FakeBackendFactory.OPENED)
        .allSatisfy(
            s -> {
              assertThat(s.engineOptions().lanes()).isEqualTo(2);
              assertThat(s.engineOptions().kvCapacity()).isEqualTo(1024);
              assertThat(s.cacheDir()).isEqualTo(cache.toString());
              assertThat(s.device()).isEqualTo("cpu");
              assertThat(s.precision()).isEqualTo("fp32");
              assertThat(s.model()).isEqualTo("fake");
            });
  }

  /** The README's first command, in-process: the samples with the tiny model, run twice. */
  @Test
  void samplesWithTheTinyModelTwice() throws Exception {
    Path samples = Path.of(System.getProperty("qwenvl.samples", "../samples")).toAbsolutePath();
    if (!Files.isDirectory(samples)) {
      samples = Path.of("samples").toAbsolutePath();
    }
    Path in = newFolder("samples");
    try (var files = Files.list(samples)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().endsWith(".md")).toList()) {
        Files.copy(f, in.resolve(f.getFileName()));
      }
    }
    Path table = newFolder("t").resolve("annotations");
    AnnotateArgs a =
        AnnotateArgs.parse(
            new String[] {
              "--input",
              in.toString(),
              "--table",
              table.toString(),
              "--model",
              "tiny",
              "--max-new-tokens",
              "4",
              "--device",
              "cpu"
            });
    RunSummary first = new AnnotateJob(spark, a, new AnnotatorBackendFactory(), null).run();
    assertThat(first.filesSeen()).isEqualTo(4);
    assertThat(first.filesOk())
        .as("quarantine: %s", sql("SELECT * FROM delta.`%s_quarantine`", table))
        .isEqualTo(4);
    List<Row> rows =
        sql("SELECT path, task, media_type, raw_text, note FROM delta.`%s` ORDER BY path", table);
    assertThat(rows).hasSize(4);
    assertThat(rows)
        .extracting(r -> r.getString(2))
        .containsExactly("video", "image", "image", "image");
    assertThat(rows).allSatisfy(r -> assertThat(r.getString(4)).contains("meaningless"));

    RunSummary second = new AnnotateJob(spark, a, new AnnotatorBackendFactory(), null).run();
    assertThat(second.itemsOk()).isZero();
    assertThat(second.filesSkipped()).isEqualTo(4);
    assertThat(
            sql(
                "SELECT path, task, media_type, raw_text, note FROM delta.`%s` ORDER BY path",
                table))
        .containsExactlyElementsOf(rows);
  }

  @Test
  void theScanHashIsTheSha256OfTheWholeFileReadInSeveralBuffers() throws Exception {
    Path in = newFolder("hash");
    List<Path> imgs = TestMedia.writeImages(in, 2);
    byte[] big = new byte[300_000]; // several stream buffers
    System.arraycopy(mp4Header(), 0, big, 0, 64);
    for (int i = 64; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Path clip = Files.write(in.resolve("big.mp4"), big);

    // binaryFile refuses to load a file over this length: the scan must not load any.
    spark.conf().set("spark.sql.sources.binaryFile.maxLength", "100");
    List<ScannedFile> files;
    try {
      files = CorpusScanner.scan(spark, in.toString());
    } finally {
      spark.conf().unset("spark.sql.sources.binaryFile.maxLength");
    }

    assertThat(files).hasSize(3);
    for (ScannedFile f : files) {
      Path local = Path.of(java.net.URI.create(f.path()));
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(local));
      assertThat(f.contentHash()).isEqualTo(HexFormat.of().formatHex(sha));
      assertThat(f.size()).isEqualTo(Files.size(local));
      assertThat(f.kind()).isEqualTo(local.equals(clip) ? "video" : "image");
    }
    assertThat(imgs).allSatisfy(i -> assertThat(Files.exists(i)).isTrue());
  }

  @Test
  void aFileThatCannotBeReadAtTheScanKeepsItsPathAsTheHash() throws Exception {
    Path gone = newFolder("gone").resolve("vanished.jpg");
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);

    ScannedFile f = CorpusScanner.hash(conf, gone.toUri().toString(), 10, 0, new byte[4096]);
    ScannedFile text =
        CorpusScanner.hash(
            conf, gone.resolveSibling("notes.txt").toUri().toString(), 10, 0, new byte[4096]);

    assertThat(f.contentHash()).isEqualTo(gone.toUri().toString());
    assertThat(f.kind()).isEqualTo("image");
    assertThat(text).isNull();
  }

  @Test
  void aFileListedButUnreadableAtTheScanIsQuarantinedEndToEnd() throws Exception {
    Path in = newFolder("unread");
    List<Path> imgs = TestMedia.writeImages(in, 2);
    Files.copy(imgs.get(0), in.resolve("unreadable-photo.png"));
    Path table = newFolder("t").resolve("annotations");
    var hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs.unreadable.impl", UnreadableFileSystem.class.getName());
    hadoop.setBoolean("fs.unreadable.impl.disable.cache", true);
    String input = UnreadableFileSystem.SCHEME + "://" + in.toAbsolutePath();

    RunSummary s = run(args(input, table, "caption", 8), null);
    RunSummary again = run(args(input, table, "caption", 8), null);

    assertThat(s.status()).isEqualTo("succeeded");
    assertThat(s.filesOk()).isEqualTo(2);
    assertThat(s.filesFailed()).isEqualTo(1);
    assertThat(again.filesOk()).isZero();
    List<Row> q =
        sql("SELECT path, content_hash, error_stage, error FROM delta.`%s_quarantine`", table);
    assertThat(q).hasSize(1);
    assertThat(q.get(0).getString(0)).endsWith("unreadable-photo.png");
    assertThat(q.get(0).getString(1)).isEqualTo(q.get(0).getString(0)); // keyed by its path
    assertThat(q.get(0).getString(2)).isEqualTo("read");
    assertThat(q.get(0).getString(3))
        .contains("unreadable-photo.png")
        .contains("Permission denied");
    assertThat(sql("SELECT * FROM delta.`%s`", table)).hasSize(2);
  }

  @Test
  void aFileThatVanishesBeforeItIsReadIsQuarantinedAndTheJobSucceeds() throws Exception {
    Path in = newFolder("vanish");
    List<Path> imgs = TestMedia.writeImages(in, 2);
    Path table = newFolder("t").resolve("annotations");
    JobProgress deleteOne =
        new JobProgress() {
          @Override
          public void planned(long filesToDo, long filesSkipped, long filesSeen) {
            try {
              Files.delete(imgs.get(1));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };

    RunSummary s = run(args(in, table, "caption", 8), deleteOne);

    assertThat(s.status()).isEqualTo("succeeded");
    assertThat(s.filesOk()).isEqualTo(1);
    assertThat(s.filesFailed()).isEqualTo(1);
    List<Row> q = sql("SELECT path, error_stage, error FROM delta.`%s_quarantine`", table);
    assertThat(q).hasSize(1);
    assertThat(q.get(0).getString(1)).isEqualTo("read");
    assertThat(q.get(0).getString(2)).contains(imgs.get(1).getFileName().toString());
  }

  @Test
  void aFileOverMaxMediaBytesIsAReadFailureNotAJobFailure() throws Exception {
    Path in = newFolder("max");
    Path img = TestMedia.writeImages(in, 1).get(0);
    Files.write(in.resolve("small.mp4"), mp4Header());
    Path table = newFolder("t").resolve("annotations");
    long limit = 100;
    assertThat(Files.size(img)).isGreaterThan(limit);
    AnnotateArgs a =
        AnnotateArgs.parse(
            new String[] {
              "--input",
              in.toString(),
              "--table",
              table.toString(),
              "--tasks",
              "caption",
              "--model",
              "fake",
              "--conf",
              "spark.sql.qwenvl.max-media-bytes=" + limit
            });

    RunSummary s = run(a, null);

    assertThat(s.status()).isEqualTo("succeeded");
    assertThat(s.filesOk()).isEqualTo(1);
    List<Row> q = sql("SELECT path, error_stage, error FROM delta.`%s_quarantine`", table);
    assertThat(q).hasSize(1);
    assertThat(q.get(0).getString(0)).endsWith(img.getFileName().toString());
    assertThat(q.get(0).getString(1)).isEqualTo("read");
    assertThat(q.get(0).getString(2)).contains("exceeds max-media-bytes " + limit);
  }

  static byte[] mp4Header() {
    byte[] b = new byte[64];
    byte[] ftyp = "\0\0\0\u0018ftypisom".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(ftyp, 0, b, 0, ftyp.length);
    return b;
  }
}
