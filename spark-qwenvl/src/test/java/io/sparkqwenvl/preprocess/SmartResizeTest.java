package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartResizeTest {

  private static final double MIN = 4 * 28 * 28;
  private static final double MAX = 16384 * 28 * 28;

  @ParameterizedTest
  @CsvSource({
    "1024,1024,1036,1036",
    "1080,1920,1092,1932",
    "480,640,476,644",
    "3000,4000,2996,4004",
    "6000,8000,3080,4116",
    "70,70,56,56"
  })
  void matchesTheWorkedExamples(int h, int w, int eh, int ew) throws MediaException {
    SmartResize.Size s = SmartResize.strict("x", h, w, 28, MIN, MAX);
    assertThat(s).isEqualTo(new SmartResize.Size(eh, ew));
    assertThat(SmartResize.lenient("x", h, w, 28, MIN, MAX)).isEqualTo(s);
  }

  @Test
  void roundsHalfToEvenNotUp() throws MediaException {
    // 70/28 = 2.5 -> 2 (Math.round would give 3 -> 84)
    assertThat(SmartResize.strict("x", 70, 126, 28, MIN, MAX).height()).isEqualTo(56);
    // 98/28 = 3.5 -> 4
    assertThat(SmartResize.strict("x", 98, 98, 28, MIN, MAX).height()).isEqualTo(112);
  }

  @Test
  void growsSmallImagesToMinPixels() throws MediaException {
    SmartResize.Size s = SmartResize.strict("x", 30, 30, 28, 56 * 56, MAX);
    assertThat(s).isEqualTo(new SmartResize.Size(56, 56));
  }

  @Test
  void refusesExtremeAspectRatios() {
    assertThatThrownBy(() -> SmartResize.strict("banner.png", 28, 5657, 28, MIN, MAX))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MediaException.Reason.ASPECT_RATIO);
              assertThat(e.input()).isEqualTo("banner.png");
            })
        .hasMessageContaining("202.0");
  }

  @Test
  void strictRefusesSidesUnder28ButLenientClamps() throws MediaException {
    assertThatThrownBy(() -> SmartResize.strict("tiny.png", 20, 100, 28, MIN, MAX))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.TOO_SMALL));
    SmartResize.Size s = SmartResize.lenient("tiny.png", 20, 100, 28, MIN, MAX);
    assertThat(s.height() % 28).isZero();
    assertThat(s.height()).isGreaterThanOrEqualTo(28);
    assertThat((double) s.height() * s.width()).isGreaterThanOrEqualTo(MIN);
  }
}
