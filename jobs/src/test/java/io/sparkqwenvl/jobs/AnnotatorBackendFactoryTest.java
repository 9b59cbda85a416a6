package io.sparkqwenvl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.model.Precision;
import io.sparkqwenvl.spark.ExecutorModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production factory loads the model the job's settings name, where they say. */
class AnnotatorBackendFactoryTest {

  @BeforeEach
  @AfterEach
  void closeModels() {
    // Models are cached per JVM: start from none, so this test's settings do the loading.
    ExecutorModelCache.closeAll();
  }

  @Test
  void devicePrecisionAndCacheDirReachTheModelCache(@TempDir Path cache) throws Exception {
    AnnotateArgs a =
        AnnotateArgs.parse(
            new String[] {
              "--input", "x",
              "--model", "tiny",
              "--device", "cpu",
              "--precision", "fp32",
              "--conf", "spark.sql.qwenvl.cache-dir=" + cache,
              "--conf", "spark.sql.qwenvl.engine.lanes=2",
              // Overruled by --device and --precision: loading on gpu:7 in fp16 would fail here.
              "--conf", "spark.sql.qwenvl.device=gpu:7",
              "--conf", "spark.sql.qwenvl.precision=fp16"
            });
    BackendSettings s = BackendSettings.resolve(a, Map.of());

    try (AnnotationBackend backend = new AnnotatorBackendFactory().open(s)) {
      assertThat(backend.modelRevision()).isNotBlank();
      assertThat(backend.note()).isEqualTo(AnnotatorBackendFactory.TINY_NOTE);
    }
    assertThat(ExecutorModelCache.loaded())
        .containsExactly(new ExecutorModelCache.ModelKey("tiny", "cpu", Precision.FP32));
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the tiny checkpoint is materialized in spark.sql.qwenvl.cache-dir")
          .anyMatch(n -> n.startsWith("tiny-"));
    }
  }
}
