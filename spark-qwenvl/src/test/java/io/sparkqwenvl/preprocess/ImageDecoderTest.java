package io.sparkqwenvl.preprocess;

import static io.sparkqwenvl.preprocess.TestImages.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.preprocess.MediaException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"png", "bmp", "tiff"})
  void losslessFormatsRoundTripExactly(String format) throws MediaException {
    BufferedImage src = TestImages.rgb(37, 23);
    RgbImage img = ImageDecoder.decode("x." + format, TestImages.encode(src, format), true);
    assertThat(img.width()).isEqualTo(37);
    assertThat(img.height()).isEqualTo(23);
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        assertThat(px(img, x, y)).isEqualTo(src.getRGB(x, y) & 0xffffff);
      }
    }
  }

  @Test
  void jpegAndProgressiveJpegDecodeCloseToTheSource() throws MediaException {
    BufferedImage src = TestImages.rgb(64, 48);
    for (byte[] jpg :
        new byte[][] {TestImages.encode(src, "jpeg"), TestImages.progressiveJpeg(src)}) {
      RgbImage img = ImageDecoder.decode("x.jpg", jpg, true);
      assertThat(img.width()).isEqualTo(64);
      double err = 0;
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 64; x++) {
          err += Math.abs(((px(img, x, y) >> 8) & 0xff) - ((src.getRGB(x, y) >> 8) & 0xff));
        }
      }
      assertThat(err / (64 * 48)).isLessThan(12);
    }
  }

  @Test
  void alphaIsCompositedOnWhiteOrDropped() throws MediaException {
    BufferedImage src = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    src.setRGB(0, 0, 0x80_00_40_C8); // alpha 128
    src.setRGB(1, 0, 0x00_10_20_30); // fully transparent
    byte[] png = TestImages.encode(src, "png");
    RgbImage white = ImageDecoder.decode("a.png", png, true);
    // PIL paste(mask): DIV255(255*(255-a) + v*a)
    assertThat(px(white, 0, 0)).isEqualTo((127 << 16) | (159 << 8) | 227);
    assertThat(px(white, 1, 0)).isEqualTo(0xffffff);
    RgbImage dropped = ImageDecoder.decode("a.png", png, false);
    assertThat(px(dropped, 0, 0)).isEqualTo(0x0040C8);
    assertThat(px(dropped, 1, 0)).isEqualTo(0x102030);
  }

  @Test
  void sixteenBitPngKeepsTheHighByteLikePil() throws MediaException {
    int[] samples = {0x1234, 0xABCD, 0xFF00, 0x00FF, 0x8080, 0x7FFF};
    byte[] png = TestImages.encode(TestImages.rgb16(2, 1, 3, samples), "png");
    RgbImage img = ImageDecoder.decode("deep.png", png, true);
    assertThat(px(img, 0, 0)).isEqualTo(0x12ABFF);
    assertThat(px(img, 1, 0)).isEqualTo(0x00807F);
  }

  @Test
  void sixteenBitGrayClipsAt255LikePilConvert() throws MediaException {
    BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    g.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {7, 200, 40000});
    RgbImage img = ImageDecoder.decode("g16.png", TestImages.encode(g, "png"), true);
    assertThat(px(img, 0, 0)).isEqualTo(0x070707);
    assertThat(px(img, 1, 0)).isEqualTo(0xC8C8C8);
    assertThat(px(img, 2, 0)).isEqualTo(0xFFFFFF);
  }

  @Test
  void grayscaleIsReplicated() throws MediaException {
    BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {17, 230});
    RgbImage img = ImageDecoder.decode("g.png", TestImages.encode(g, "png"), true);
    assertThat(px(img, 0, 0)).isEqualTo(0x111111);
    assertThat(px(img, 1, 0)).isEqualTo(0xE6E6E6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "gif"})
  void paletteImagesTakeTheirPaletteColours(String format) throws MediaException {
    byte[] r = {(byte) 255, 0, 10, 0};
    byte[] g = {0, (byte) 255, 20, 0};
    byte[] b = {0, 0, 30, (byte) 255};
    BufferedImage p =
        new BufferedImage(
            4, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 4, r, g, b));
    p.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 1, 2, 3});
    RgbImage img = ImageDecoder.decode("p." + format, TestImages.encode(p, format), true);
    assertThat(new int[] {px(img, 0, 0), px(img, 1, 0), px(img, 2, 0), px(img, 3, 0)})
        .containsExactly(0xFF0000, 0x00FF00, 0x0A141E, 0x0000FF);
  }

  @Test
  void exifOrientationIsApplied() throws MediaException {
    BufferedImage src = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        src.setRGB(x, y, x < 20 ? 0xFF0000 : 0x0000FF);
      }
    }
    byte[] jpg = TestImages.withExifOrientation(TestImages.encode(src, "jpeg"), 6);
    assertThat(ExifOrientation.read(jpg, MediaFormat.JPEG)).isEqualTo(6);
    RgbImage img = ImageDecoder.decode("rot.jpg", jpg, true);
    assertThat(img.width()).isEqualTo(20);
    assertThat(img.height()).isEqualTo(40);
    // rotated 90° clockwise: the left (red) half is now on top
    assertThat((px(img, 10, 5) >> 16) & 0xff).isGreaterThan(200);
    assertThat(px(img, 10, 35) & 0xff).isGreaterThan(200);
    assertThat(MediaProbe.probe("rot.jpg", jpg))
        .extracting(MediaHeader::width, MediaHeader::height)
        .containsExactly(20, 40);
  }

  @Test
  void pngExifChunkOrientationIsApplied() throws MediaException {
    byte[] png =
        TestImages.pngWithExifOrientation(TestImages.encode(TestImages.rgb(5, 3), "png"), 8);
    assertThat(ExifOrientation.read(png, MediaFormat.PNG)).isEqualTo(8);
    RgbImage img = ImageDecoder.decode("o8.png", png, true);
    assertThat(new int[] {img.width(), img.height()}).containsExactly(3, 5);
    // orientation 8 (rotate 90° counter-clockwise): output (0, 0) is the source's top-right pixel
    assertThat(px(img, 0, 0)).isEqualTo(TestImages.rgb(5, 3).getRGB(4, 0) & 0xffffff);
    byte[] plain = TestImages.encode(TestImages.rgb(5, 3), "png");
    assertThat(ExifOrientation.read(plain, MediaFormat.PNG)).isEqualTo(1);
    assertThat(ExifOrientation.read(new byte[] {1, 2, 3}, MediaFormat.JPEG)).isEqualTo(1);
  }

  @Test
  void orientationsMapPixelsLikePilExifTranspose() {
    // 3x2 image with pixel value = index
    byte[] px = new byte[18];
    for (int i = 0; i < 6; i++) {
      px[3 * i] = (byte) i;
    }
    RgbImage img = new RgbImage(3, 2, px);
    int[][] expected = {
      {},
      {0, 1, 2, 3, 4, 5},
      {2, 1, 0, 5, 4, 3},
      {5, 4, 3, 2, 1, 0},
      {3, 4, 5, 0, 1, 2},
      {0, 3, 1, 4, 2, 5},
      {3, 0, 4, 1, 5, 2},
      {5, 2, 4, 1, 3, 0},
      {2, 5, 1, 4, 0, 3}
    };
    for (int o = 1; o <= 8; o++) {
      RgbImage t = ExifOrientation.apply(img, o);
      int[] got = new int[6];
      for (int i = 0; i < 6; i++) {
        got[i] = t.pixels()[3 * i];
      }
      assertThat(got).as("orientation %d", o).containsExactly(expected[o]);
    }
  }

  @Test
  void refusesEmptyHtmlAndTruncatedInput() {
    assertReason(new byte[0], Reason.EMPTY);
    byte[] html = "<!DOCTYPE html><html><body>nope</body></html>".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageDecoder.decode("cat.jpg", html, true))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
              assertThat(e.input()).isEqualTo("cat.jpg");
            })
        .hasMessageStartingWith("cat.jpg: unsupported_format");
    byte[] jpg = TestImages.encode(TestImages.rgb(200, 150), "jpeg");
    assertReason(Arrays.copyOf(jpg, jpg.length / 2), Reason.UNDECODABLE);
    byte[] png = TestImages.encode(TestImages.rgb(200, 150), "png");
    assertReason(Arrays.copyOf(png, png.length / 2), Reason.UNDECODABLE);
    assertReason(Arrays.copyOf(png, 20), Reason.UNDECODABLE);
  }

  @Test
  void refusesDecompressionBombsFromTheHeader() {
    byte[] bomb = TestImages.pngHeaderClaiming(50_000, 50_000);
    long t0 = System.nanoTime();
    assertReason(bomb, Reason.PIXEL_LIMIT);
    assertThatThrownBy(() -> MediaProbe.probe("bomb.png", bomb))
        .isInstanceOfSatisfying(
            MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIXEL_LIMIT))
        .hasMessageContaining("50000x50000");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    assertThatThrownBy(
            () ->
                ImageDecoder.decode(
                    "small-limit.png",
                    TestImages.encode(TestImages.rgb(100, 100), "png"),
                    true,
                    9_999))
        .isInstanceOfSatisfying(
            MediaException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIXEL_LIMIT));
  }

  @Test
  void probeReadsImageSizeFromTheHead() throws MediaException {
    byte[] png = TestImages.encode(TestImages.rgb(123, 45), "png");
    MediaHeader h = MediaProbe.probe("p.png", Arrays.copyOf(png, 64));
    assertThat(h)
        .isEqualTo(new MediaHeader(VisionInput.Kind.IMAGE, MediaFormat.PNG, 123, 45, 0, 0));
  }

  private static void assertReason(byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> ImageDecoder.decode("in.bin", bytes, true))
        .isInstanceOfSatisfying(
            MediaException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.input()).isEqualTo("in.bin");
            });
  }
}
