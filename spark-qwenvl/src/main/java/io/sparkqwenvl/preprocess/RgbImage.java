package io.sparkqwenvl.preprocess;

/**
 * A decoded 8-bit RGB image.
 *
 * @param width columns
 * @param height rows
 * @param pixels row-major [height, width, 3] uint8 (R, G, B)
 */
public record RgbImage(int width, int height, byte[] pixels) {

  public RgbImage {
    if (width <= 0 || height <= 0 || pixels.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "RGB buffer of " + pixels.length + " bytes does not hold " + width + "x" + height);
    }
  }

  /** The same image resized with PIL's bicubic filter (a copy when the size is unchanged). */
  public RgbImage resizePil(int newWidth, int newHeight) {
    return new RgbImage(
        newWidth, newHeight, PilBicubic.resize(pixels, width, height, 3, newWidth, newHeight));
  }

  /** The same image resized like torchvision's bicubic antialias on uint8. */
  public RgbImage resizeTorchvision(int newWidth, int newHeight) {
    return new RgbImage(
        newWidth,
        newHeight,
        TorchvisionBicubic.resize(pixels, width, height, 3, newWidth, newHeight));
  }
}
