package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.preprocess.MediaException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed bad fixtures (fixtures/MANIFEST.json) are refused with the right reason. */
class BadFixtureTest {

  @ParameterizedTest
  @CsvSource({
    "bad_empty.jpg, EMPTY",
    "bad_html.jpg, UNSUPPORTED_FORMAT",
    "bad_truncated.jpg, UNDECODABLE",
    "bad_huge_50000x50000.png, PIXEL_LIMIT",
    "bad_truncated.mp4, UNDECODABLE"
  })
  void refused(String file, Reason reason) throws Exception {
    byte[] bytes = GoldenPreprocessTest.fixture(file);
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () -> MediaPreprocessor.preprocess(file, bytes, null, PreprocessorConfig.defaults()))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.input()).isEqualTo(file);
            })
        .hasMessageStartingWith(file + ": ");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
  }
}
