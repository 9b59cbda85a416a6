package io.sparkqwenvl.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.model.TinyModel;
import io.sparkqwenvl.tasks.schema.TypedJsonReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end on the tiny random checkpoint: its text is noise, yet EXTRACT must parse. */
class AnnotatorTinyTest {

  private static Annotator annotator;

  @BeforeAll
  static void open() {
    Path dir =
        TinyModel.materialize(Path.of(System.getProperty("java.io.tmpdir"), "qwenvl-test-D"));
    AnnotatorOptions opts =
        AnnotatorOptions.cpu()
            .withEngine(EngineOptions.defaults().withMaxBatchSequences(4).withKvCapacity(1024));
    annotator = Annotator.open(dir.toString(), opts);
  }

  @AfterAll
  static void close() {
    annotator.close();
  }

  static byte[] png(int w, int h) throws IOException {
    BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        bi.setRGB(x, y, ((x * 5) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(bi, "png", out);
    return out.toByteArray();
  }

  @Test
  void extractAlwaysParsesIntoTheSchemaEvenFromNoise() throws IOException {
    String ddl =
        "total DECIMAL(8,2), issued DATE, kind STRING COMMENT 'one of: invoice, receipt',"
            + " items ARRAY<STRUCT<name: STRING, qty: INT>>, paid BOOLEAN";
    byte[] img = png(120, 90);
    for (int max : new int[] {1, 3, 12, 48}) {
      TaskSpec spec =
          new TaskSpec(TaskKind.EXTRACT, null, null, null, ddl, GenerationConfig.qwenDefault(max));
      TaskResult r =
          annotator.annotate(List.of(new AnnotationRequest("inv.png", img, spec, null))).get(0);
      assertThat(r.ok()).as("%s", r.error()).isTrue();
      assertThat(r.outputTokens()).isBetween(1, max);
      assertThat(r.fields()).containsOnlyKeys("total", "issued", "kind", "items", "paid");
      assertThat(r.nullReasons().values())
          .as("%s -> %s", r.text(), r.nullReasons())
          .allMatch(s -> s.equals(TypedJsonReader.MODEL_NULL));
      Object total = r.fields().get("total");
      assertThat(total == null || ((BigDecimal) total).scale() == 2).isTrue();
      assertThat(r.width()).isEqualTo(120);
      assertThat(r.height()).isEqualTo(90);
    }
  }

  @Test
  void captionDetectAndOrderKept() throws IOException {
    byte[] img = png(64, 64);
    List<TaskResult> rs =
        annotator.annotate(
            List.of(
                new AnnotationRequest(
                    "a.png", img, TaskSpec.of(TaskKind.CAPTION, GenerationConfig.greedy(8)), null),
                new AnnotationRequest(
                    "b.png",
                    img,
                    new TaskSpec(
                        TaskKind.DETECT, null, null, "cat", null, GenerationConfig.greedy(8)),
                    null),
                new AnnotationRequest(
                    "c.png",
                    img,
                    TaskSpec.of(TaskKind.OCR_HTML, GenerationConfig.greedy(4)),
                    null)));
    assertThat(rs)
        .extracting(TaskResult::task)
        .containsExactly(TaskKind.CAPTION, TaskKind.DETECT, TaskKind.OCR_HTML);
    for (TaskResult r : rs) {
      assertThat(r.ok()).as("%s", r.error()).isTrue();
      assertThat(r.text()).isNotNull();
      assertThat(r.promptTokens()).isGreaterThan(10);
      assertThat(r.finishReason())
          .isIn(FinishReason.STOP, FinishReason.LENGTH, FinishReason.REPETITION);
    }
  }

  @Test
  void exifRotatedImageReportsTheOrientedSize() throws IOException {
    BufferedImage bi = new BufferedImage(96, 48, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(bi, "jpg", jpeg);
    byte[] rotated = withOrientation(jpeg.toByteArray(), 6); // 90 degrees clockwise
    TaskSpec spec =
        new TaskSpec(TaskKind.DETECT, null, null, "cat", null, GenerationConfig.greedy(6));
    TaskResult r = annotator.submit(new AnnotationRequest("rot.jpg", rotated, spec, null)).join();
    assertThat(r.ok()).as("%s", r.error()).isTrue();
    assertThat(r.width()).isEqualTo(48);
    assertThat(r.height()).isEqualTo(96);
    for (Box b : r.boxes()) {
      assertThat(b.x2()).isLessThanOrEqualTo(48);
      assertThat(b.y2()).isLessThanOrEqualTo(96);
    }
  }

  /** Inserts a big-endian EXIF APP1 segment with one Orientation entry after the SOI marker. */
  private static byte[] withOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, IFD at 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation SHORT 1
      0,
      0,
      0,
      0 // no next IFD
    };
    byte[] exif = new byte[6 + tiff.length];
    System.arraycopy("Exif".getBytes(), 0, exif, 0, 4);
    System.arraycopy(tiff, 0, exif, 6, tiff.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int len = exif.length + 2;
    out.write(0xFF);
    out.write(0xE1);
    out.write(len >>> 8);
    out.write(len & 0xff);
    out.write(exif, 0, exif.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  @Test
  void badMediaBecomesFailureRows() {
    TaskSpec spec = TaskSpec.of(TaskKind.CAPTION, GenerationConfig.greedy(4));
    List<TaskResult> rs =
        annotator.annotate(
            List.of(
                new AnnotationRequest("empty.jpg", new byte[0], spec, null),
                new AnnotationRequest(
                    "page.jpg", "<html><body>hi</body></html>".getBytes(), spec, null),
                new AnnotationRequest("/no/such/file.png", null, spec, null)));
    for (TaskResult r : rs) {
      assertThat(r.ok()).isFalse();
      assertThat(r.finishReason()).isEqualTo(FinishReason.ERROR);
      assertThat(r.errorStage()).isIn("read", "decode");
    }
    assertThat(rs.get(0).error()).contains("empty.jpg");
    assertThat(rs.get(1).error()).contains("page.jpg");
    assertThat(rs.get(2).error()).contains("/no/such/file.png");
  }

  @Test
  void badSchemaIsAFailureRowNotAnException() throws IOException {
    TaskSpec spec =
        new TaskSpec(
            TaskKind.EXTRACT, null, null, null, "a MAP<STRING,INT>", GenerationConfig.greedy(4));
    TaskResult r = annotator.submit(new AnnotationRequest("x.png", png(32, 32), spec, null)).join();
    assertThat(r.errorStage()).isEqualTo("prompt");
    assertThat(r.error()).contains("x.png").contains("MAP");
  }

  @Test
  void modelInfoNamesTheCheckpoint() {
    assertThat(annotator.modelInfo().revision()).hasSize(16);
    assertThat(annotator.modelInfo().device()).isEqualTo("cpu");
    assertThat(annotator.modelInfo().precision()).isEqualTo("FP32");
  }
}
