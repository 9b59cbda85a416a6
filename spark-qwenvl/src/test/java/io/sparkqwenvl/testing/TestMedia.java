package io.sparkqwenvl.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Small valid images for tests, generated deterministically from a seed (different seeds give
 * different bytes, hence different content hashes).
 */
public final class TestMedia {

  private TestMedia() {}

  /** A {@code width × height} RGB gradient tinted by {@code seed}. */
  public static BufferedImage image(int width, int height, long seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int tint = (int) ((seed * 0x9E3779B97F4A7C15L) >>> 40) & 0xFF;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (x * 255 / Math.max(1, width - 1)) & 0xFF;
        int g = (y * 255 / Math.max(1, height - 1)) & 0xFF;
        img.setRGB(x, y, (r << 16) | (g << 8) | tint);
      }
    }
    return img;
  }

  /** PNG bytes of {@link #image}. */
  public static byte[] png(int width, int height, long seed) {
    return encode(image(width, height, seed), "png");
  }

  /** JPEG bytes of {@link #image}. */
  public static byte[] jpeg(int width, int height, long seed) {
    return encode(image(width, height, seed), "jpg");
  }

  /**
   * Writes {@code count} images named {@code img-<i>.png} / {@code .jpg} (alternating) of sizes
   * growing with i, into {@code dir}; returns their paths in order.
   */
  public static List<Path> writeImages(Path dir, int count) {
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < count; i++) {
        int w = 32 + 8 * i;
        int h = 24 + 4 * i;
        boolean png = i % 2 == 0;
        Path p = dir.resolve(String.format("img-%02d.%s", i, png ? "png" : "jpg"));
        Files.write(p, png ? png(w, h, i) : jpeg(w, h, i));
        out.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write test images into " + dir, e);
    }
    return out;
  }

  /**
   * Copies the committed fixture {@code name} (under {@code src/test/resources/fixtures/}) into
   * {@code dir}; fails when the fixture is not on the class path.
   */
  public static Path fixture(String name, Path dir) {
    try (InputStream in = TestMedia.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + name + " is not on the test class path");
      }
      Files.createDirectories(dir);
      Path out = dir.resolve(name);
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy fixture " + name + " into " + dir, e);
    }
  }

  private static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
