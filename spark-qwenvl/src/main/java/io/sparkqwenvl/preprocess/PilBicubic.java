package io.sparkqwenvl.preprocess;

/**
 * PIL's {@code Image.resize(size, BICUBIC)} on 8-bit images, bit for bit: separable, horizontal
 * pass first, Keys cubic a = -0.5 widened when downscaling (antialias), 22-bit fixed-point weights,
 * uint8 clip between the passes; an unchanged size is a copy.
 */
public final class PilBicubic {

  private PilBicubic() {}

  /**
   * @param rgb row-major [height, width, channels] uint8
   * @return row-major [outHeight, outWidth, channels] uint8
   */
  public static byte[] resize(
      byte[] rgb, int width, int height, int channels, int outWidth, int outHeight) {
    return SeparableResampler.resize(rgb, width, height, channels, outWidth, outHeight);
  }
}
