package io.sparkqwenvl.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Test helper: reads NumPy {@code .npy} arrays (optionally gzip-compressed, {@code .npy.gz}) of
 * dtype float32/float64/int64/int32/uint8, C order, little endian. Values are exposed as float[] or
 * long[] regardless of the stored dtype.
 *
 * @param shape array shape (empty for a scalar)
 * @param dtype NumPy descr, e.g. {@code <f4}
 * @param data raw little-endian element bytes
 */
public record Npy(int[] shape, String dtype, byte[] data) {

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** Reads a file; names ending in .gz are gunzipped. */
  public static Npy read(Path path) {
    try {
      return parse(path.toString(), Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a class-path resource such as {@code /golden/image_70x70.npy.gz}. */
  public static Npy resource(String name) {
    try (InputStream in = Npy.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no class-path resource " + name);
      }
      return parse(name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses .npy bytes, gunzipping first when they start with the gzip magic. */
  public static Npy parse(String name, byte[] bytes) throws IOException {
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U') {
      throw new IOException(name + ": not a .npy file");
    }
    int major = bytes[6];
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen = major == 1 ? Short.toUnsignedInt(bb.getShort(8)) : bb.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, name);
    if (group(ORDER, header, name).equals("True")) {
      throw new IOException(name + ": fortran_order arrays are not supported");
    }
    int[] shape =
        Arrays.stream(group(SHAPE, header, name).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt)
            .toArray();
    byte[] data = Arrays.copyOfRange(bytes, start + headerLen, bytes.length);
    Npy npy = new Npy(shape, descr, data);
    if ((long) npy.size() * npy.itemSize() != data.length) {
      throw new IOException(
          name
              + ": shape "
              + Arrays.toString(shape)
              + " "
              + descr
              + " needs "
              + (long) npy.size() * npy.itemSize()
              + " bytes, found "
              + data.length);
    }
    return npy;
  }

  private static String group(Pattern p, String header, String name) throws IOException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IOException(name + ": bad .npy header " + header);
    }
    return m.group(1);
  }

  /** Number of elements. */
  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private int itemSize() {
    return switch (dtype) {
      case "<f4", "<i4" -> 4;
      case "<f8", "<i8" -> 8;
      case "|u1", "|i1", "|b1" -> 1;
      default -> throw new IllegalStateException("unsupported dtype " + dtype);
    };
  }

  /** Values as float (float64/int are converted). */
  public float[] floats() {
    ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (dtype) {
            case "<f4" -> bb.getFloat(4 * i);
            case "<f8" -> (float) bb.getDouble(8 * i);
            default -> (float) longAt(bb, i);
          };
    }
    return out;
  }

  /** Values as long (integer dtypes only). */
  public long[] longs() {
    if (dtype.startsWith("<f")) {
      throw new IllegalStateException("dtype " + dtype + " is not an integer type");
    }
    ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longAt(bb, i);
    }
    return out;
  }

  private long longAt(ByteBuffer bb, int i) {
    return switch (dtype) {
      case "<i8" -> bb.getLong(8 * i);
      case "<i4" -> bb.getInt(4 * i);
      case "|u1", "|b1" -> data[i] & 0xff;
      case "|i1" -> data[i];
      default -> throw new IllegalStateException("unsupported dtype " + dtype);
    };
  }
}
