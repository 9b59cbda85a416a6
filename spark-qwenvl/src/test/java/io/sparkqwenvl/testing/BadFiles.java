package io.sparkqwenvl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The bad-media corpus every reader must survive: each file must give one error row (or a typed
 * {@code MediaException}) and never fail a job or crash the JVM. Files are generated, small and
 * deterministic.
 *
 * <pre>{@code
 * Map<String, Path> bad = BadFiles.write(dir);   // file name -> path
 * }</pre>
 */
public final class BadFiles {

  /** A real JPEG cut after 40% of its bytes: headers parse, the scan ends early, no EOI. */
  public static final String TRUNCATED_JPEG = "truncated.jpg";

  /** An empty file. */
  public static final String ZERO_BYTES = "zero-bytes.jpg";

  /** An HTML error page saved under an image name. */
  public static final String HTML_AS_JPEG = "not-an-image.jpg";

  /** A valid PNG header (IHDR with correct CRC) claiming 50000×50000 RGB; tiny body. */
  public static final String HUGE_PNG = "huge-50000x50000.png";

  /** An MP4 with an ftyp box followed by a moov box whose size runs past the end of the file. */
  public static final String BROKEN_MP4 = "broken.mp4";

  private BadFiles() {}

  /** Writes the whole corpus into {@code dir} (created if absent); returns name → path. */
  public static Map<String, Path> write(Path dir) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(TRUNCATED_JPEG, truncatedJpeg());
    files.put(ZERO_BYTES, new byte[0]);
    files.put(HTML_AS_JPEG, htmlPage());
    files.put(HUGE_PNG, hugePngHeader(50_000, 50_000));
    files.put(BROKEN_MP4, brokenMp4());
    Map<String, Path> out = new LinkedHashMap<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        out.put(e.getKey(), Files.write(dir.resolve(e.getKey()), e.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the bad-file corpus into " + dir, e);
    }
    return out;
  }

  /**
   * Engineer C's committed bad fixtures ({@code fixtures/bad_*}), copied by {@link #copyFixtures}.
   */
  public static final List<String> FIXTURES =
      List.of(
          "bad_empty.jpg",
          "bad_html.jpg",
          "bad_huge_50000x50000.png",
          "bad_truncated.jpg",
          "bad_truncated.mp4");

  /** Copies {@link #FIXTURES} into {@code dir}; returns name → path. */
  public static Map<String, Path> copyFixtures(Path dir) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String name : FIXTURES) {
      out.put(name, TestMedia.fixture(name, dir));
    }
    return out;
  }

  /** The bytes of a 64×48 JPEG cut after 40% of its length. */
  public static byte[] truncatedJpeg() {
    byte[] full = TestMedia.jpeg(64, 48, 7);
    return Arrays.copyOf(full, full.length * 2 / 5);
  }

  /** An HTML "404" page. */
  public static byte[] htmlPage() {
    return ("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
            + "<body><h1>Not Found</h1><p>The requested image was not found.</p></body></html>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A PNG whose IHDR claims {@code width × height} 8-bit RGB, with a one-row IDAT and IEND. */
  public static byte[] hugePngHeader(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    pngChunk(out, "IHDR", ihdr.array());
    pngChunk(out, "IDAT", deflate(new byte[1 + 3 * 16]));
    pngChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** An ftyp box and a moov box that claims 64 KiB but holds 48 bytes of noise. */
  public static byte[] brokenMp4() {
    ByteBuffer b = ByteBuffer.allocate(32 + 56);
    b.putInt(32).put(ascii("ftyp")).put(ascii("isom")).putInt(0x200);
    b.put(ascii("isomiso2avc1mp41"));
    b.putInt(65_536).put(ascii("moov"));
    for (int i = 0; i < 48; i++) {
      b.put((byte) (i * 37 + 11));
    }
    return b.array();
  }

  /** Appends one PNG chunk (length, type, data, CRC-32 of type and data) to {@code out}. */
  public static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = ascii(type);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] deflate(byte[] raw) {
    Deflater d = new Deflater();
    d.setInput(raw);
    d.finish();
    byte[] buf = new byte[raw.length + 64];
    int n = d.deflate(buf);
    d.end();
    return Arrays.copyOf(buf, n);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
