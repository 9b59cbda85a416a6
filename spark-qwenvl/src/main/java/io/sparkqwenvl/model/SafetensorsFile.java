package io.sparkqwenvl.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code .safetensors} file, memory-mapped tensor by tensor (a shard may exceed the 2 GiB a
 * single mapping can hold). The header is validated when the file is opened: its length, the JSON,
 * every dtype, and every tensor's byte range against its shape and the file size. Only BF16, F16
 * and F32 are accepted; nothing is ever unpickled.
 */
public final class SafetensorsFile implements AutoCloseable {

  /** A tensor entry of the header. */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    /** Number of elements. */
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private static final long MAX_HEADER = 100L << 20;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final byte[] headerBytes;

  private SafetensorsFile(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long n = readHeaderLength(channel.size());
      ByteBuffer header = ByteBuffer.allocate((int) n);
      readFully(header, 8);
      headerBytes = header.array();
      dataStart = 8 + n;
      parseHeader(channel.size() - dataStart);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private long readHeaderLength(long size) throws IOException {
    if (size < 8) {
      throw corrupt("file of " + size + " bytes is shorter than the 8-byte header length");
    }
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(len, 0);
    long n = len.flip().getLong();
    if (n <= 0 || n > MAX_HEADER || n > size - 8) {
      throw corrupt("header length " + n + " is invalid for a file of " + size + " bytes");
    }
    return n;
  }

  /** Opens and validates a file. */
  public static SafetensorsFile open(Path path) {
    try {
      return new SafetensorsFile(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read safetensors file " + path + ": " + e, e);
    }
  }

  public Path path() {
    return path;
  }

  /** Raw header bytes (for revision hashing). */
  public byte[] headerBytes() {
    return headerBytes.clone();
  }

  /** Entries in header order. */
  public Map<String, Entry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  /** Maps the bytes of one tensor (little-endian). */
  public ByteBuffer map(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("tensor " + name + " not found in " + path);
    }
    try {
      MappedByteBuffer b =
          channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
      return b.order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot map " + name + " in " + path + ": " + ex, ex);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void parseHeader(long dataSize) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(new String(headerBytes, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw corrupt("header is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw corrupt("header is not a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("__metadata__")) {
        continue;
      }
      entries.put(f.getKey(), entry(f.getKey(), f.getValue(), dataSize));
    }
  }

  private Entry entry(String name, JsonNode n, long dataSize) {
    String dtype = n.path("dtype").asText("");
    int elem = elementSize(dtype);
    if (elem == 0) {
      throw corrupt(
          "tensor " + name + " has unsupported dtype '" + dtype + "' (supported: BF16, F16, F32)");
    }
    JsonNode s = n.path("shape");
    JsonNode o = n.path("data_offsets");
    if (!s.isArray() || !o.isArray() || o.size() != 2) {
      throw corrupt("tensor " + name + " lacks shape or data_offsets");
    }
    long[] shape = new long[s.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asLong(-1);
      if (shape[i] < 0) {
        throw corrupt("tensor " + name + " has a negative dimension in " + s);
      }
      numel *= shape[i];
    }
    long begin = o.get(0).asLong(-1);
    long end = o.get(1).asLong(-1);
    if (begin < 0 || end < begin || end > dataSize) {
      throw corrupt(
          "tensor "
              + name
              + " data_offsets ["
              + begin
              + ", "
              + end
              + "] fall outside the "
              + dataSize
              + " data bytes (file truncated?)");
    }
    if (end - begin != numel * elem) {
      throw corrupt(
          "tensor "
              + name
              + " of shape "
              + Arrays.toString(shape)
              + " and dtype "
              + dtype
              + " needs "
              + numel * elem
              + " bytes but data_offsets span "
              + (end - begin));
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  /** Bytes per element of a supported dtype, 0 otherwise. */
  static int elementSize(String dtype) {
    return switch (dtype) {
      case "BF16", "F16" -> 2;
      case "F32" -> 4;
      default -> 0;
    };
  }

  private void readFully(ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int r = channel.read(buf, pos + buf.position());
      if (r < 0) {
        throw corrupt("unexpected end of file while reading the header");
      }
    }
  }

  private IllegalArgumentException corrupt(String msg) {
    return new IllegalArgumentException("corrupt safetensors file " + path + ": " + msg);
  }
}
