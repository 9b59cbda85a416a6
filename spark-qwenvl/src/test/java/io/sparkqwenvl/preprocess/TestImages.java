package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.testing.BadFiles;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Synthetic encoded images for decoder tests. */
final class TestImages {

  private TestImages() {}

  /** A deterministic colourful RGB image. */
  static BufferedImage rgb(int w, int h) {
    BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (x * 7 + y * 3) & 0xff;
        int g = (x * 2 + y * 11 + 40) & 0xff;
        int b = (x * y + 90) & 0xff;
        bi.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return bi;
  }

  static byte[] encode(BufferedImage bi, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      if (!ImageIO.write(bi, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " " + bi.getType());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] progressiveJpeg(BufferedImage bi) {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      w.setOutput(ios);
      w.write(null, new IIOImage(bi, null, null), p);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
  }

  /** A 16-bit-per-sample image (RGB when bands is 3, RGBA when 4). */
  static BufferedImage rgb16(int w, int h, int bands, int[] samples) {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            bands == 4,
            false,
            bands == 4 ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    r.setPixels(0, 0, w, h, samples);
    return new BufferedImage(cm, r, false, null);
  }

  /** Inserts an EXIF APP1 segment with the given orientation right after the JPEG SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] payload = exifTiff(orientation);
    int len = 2 + 6 + payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write(len >> 8);
    out.write(len & 0xff);
    out.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    out.writeBytes(payload);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** Inserts an eXIf chunk with the given orientation after a PNG's IHDR. */
  static byte[] pngWithExifOrientation(byte[] png, int orientation) {
    byte[] tiff = exifTiff(orientation);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 8 + 25); // signature + IHDR chunk
    BadFiles.pngChunk(out, "eXIf", tiff);
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  /** A big-endian TIFF structure whose IFD0 holds only the orientation tag. */
  static byte[] exifTiff(int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
    tiff.putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0);
    return tiff.array();
  }

  /** A PNG whose IHDR claims the given size, with a tiny (wrong) IDAT: a decompression bomb. */
  static byte[] pngHeaderClaiming(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    BadFiles.pngChunk(
        out,
        "IHDR",
        ByteBuffer.allocate(13)
            .putInt(w)
            .putInt(h)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0)
            .array());
    BadFiles.pngChunk(
        out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    BadFiles.pngChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Pixel (x, y) of an RGB buffer as 0xRRGGBB. */
  static int px(RgbImage img, int x, int y) {
    int o = (y * img.width() + x) * 3;
    byte[] p = img.pixels();
    return ((p[o] & 0xff) << 16) | ((p[o + 1] & 0xff) << 8) | (p[o + 2] & 0xff);
  }
}
