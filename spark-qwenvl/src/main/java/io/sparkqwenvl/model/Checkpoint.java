package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The weights of a checkpoint directory: {@code model.safetensors}, or the shards listed by {@code
 * model.safetensors.index.json}. Tensor names are the hub's ({@code model.layers.N.*}, {@code
 * visual.*}, {@code lm_head.weight}); transformers-5 names ({@code model.language_model.*}, {@code
 * model.visual.*}) are accepted as aliases. Values are converted to the compute dtype in Java (bf16
 * → fp32 is {@code bits << 16}); the engine never sees bf16.
 */
public final class Checkpoint implements AutoCloseable {

  private static final long CHUNK_BYTES = 256L << 20;

  private final Path dir;
  private final List<SafetensorsFile> files = new ArrayList<>();
  private final Map<String, SafetensorsFile> byName = new TreeMap<>();

  private Checkpoint(Path dir) {
    this.dir = dir;
  }

  /** Opens and validates every header of the checkpoint in {@code dir}. */
  public static Checkpoint open(Path dir) {
    Checkpoint c = new Checkpoint(dir);
    try {
      for (Path f : shardFiles(dir)) {
        SafetensorsFile sf = SafetensorsFile.open(f);
        c.files.add(sf);
        for (String name : sf.entries().keySet()) {
          c.byName.put(canonical(name), sf);
        }
      }
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Hub name of a tensor saved under either naming scheme. */
  public static String canonical(String name) {
    if (name.startsWith("model.language_model.")) {
      return "model." + name.substring("model.language_model.".length());
    }
    if (name.startsWith("model.visual.")) {
      return name.substring("model.".length());
    }
    return name;
  }

  /** True when a tensor of that hub name exists. */
  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** Header bytes of every file in order (for the revision hash). */
  public List<byte[]> headers() {
    List<byte[]> out = new ArrayList<>();
    for (SafetensorsFile f : files) {
      out.add(f.headerBytes());
    }
    return out;
  }

  /**
   * Loads a tensor as {@code dtype} (FLOAT32 or FLOAT16) after checking its shape.
   *
   * @throws IllegalArgumentException naming the file, tensor, expected and found shape
   */
  public NDArray load(String name, long[] expected, DataType dtype, NDManager manager) {
    SafetensorsFile f = byName.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + " (shape "
              + Arrays.toString(expected)
              + ") is missing from the"
              + " checkpoint in "
              + dir);
    }
    SafetensorsFile.Entry e = f.entries().get(rawName(f, name));
    if (!Arrays.equals(e.shape(), expected)) {
      throw new IllegalArgumentException(
          "expected shape "
              + Arrays.toString(expected)
              + " for "
              + name
              + " in "
              + f.path().getFileName()
              + ", found "
              + Arrays.toString(e.shape()));
    }
    ByteBuffer src = f.map(e.name());
    long rows = expected.length == 0 ? 1 : expected[0];
    long rowElems = rows == 0 ? 0 : e.numel() / rows;
    int outElem = dtype == DataType.FLOAT16 ? 2 : 4;
    long rowsPerChunk = Math.max(1, CHUNK_BYTES / Math.max(1, rowElems * outElem));
    if (rows <= rowsPerChunk) {
      return convert(src, e.dtype(), 0, e.numel(), new Shape(expected), dtype, manager);
    }
    NDList parts = new NDList();
    try {
      for (long r = 0; r < rows; r += rowsPerChunk) {
        long n = Math.min(rowsPerChunk, rows - r);
        long[] shape = expected.clone();
        shape[0] = n;
        parts.add(
            convert(src, e.dtype(), r * rowElems, n * rowElems, new Shape(shape), dtype, manager));
      }
      return NDArrays.concat(parts, 0);
    } finally {
      parts.close();
    }
  }

  private static NDArray convert(
      ByteBuffer src,
      String from,
      long start,
      long count,
      Shape shape,
      DataType to,
      NDManager manager) {
    int n = Math.toIntExact(count);
    ByteBuffer out =
        ByteBuffer.allocateDirect(n * (to == DataType.FLOAT16 ? 2 : 4))
            .order(ByteOrder.nativeOrder());
    int elem = SafetensorsFile.elementSize(from);
    ByteBuffer in =
        src.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(start * elem));
    float[] chunk = new float[Math.min(n, 1 << 20)];
    short[] raw = new short[chunk.length];
    for (int done = 0; done < n; done += chunk.length) {
      int k = Math.min(chunk.length, n - done);
      if (elem == 4) {
        in.asFloatBuffer().get(chunk, 0, k);
        in.position(in.position() + 4 * k);
      } else {
        in.asShortBuffer().get(raw, 0, k);
        in.position(in.position() + 2 * k);
        boolean bf16 = from.equals("BF16");
        for (int i = 0; i < k; i++) {
          chunk[i] = bf16 ? Halfs.bf16ToFloat(raw[i]) : Halfs.halfToFloat(raw[i]);
        }
      }
      if (to == DataType.FLOAT16) {
        for (int i = 0; i < k; i++) {
          raw[i] = Halfs.floatToHalf(chunk[i]);
        }
        out.asShortBuffer().put(raw, 0, k);
        out.position(out.position() + 2 * k);
      } else {
        out.asFloatBuffer().put(chunk, 0, k);
        out.position(out.position() + 4 * k);
      }
    }
    out.flip();
    return manager.create(out, shape, to);
  }

  private static String rawName(SafetensorsFile f, String canonical) {
    if (f.entries().containsKey(canonical)) {
      return canonical;
    }
    for (String raw : f.entries().keySet()) {
      if (canonical(raw).equals(canonical)) {
        return raw;
      }
    }
    throw new IllegalStateException("alias lookup failed for " + canonical);
  }

  private static List<Path> shardFiles(Path dir) {
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      JsonNode map = Json.read(index).path("weight_map");
      LinkedHashMap<String, Path> shards = new LinkedHashMap<>();
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        String file = it.next().asText();
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(index + " names shard " + file + ", which is missing");
        }
        shards.put(file, p);
      }
      return new ArrayList<>(new TreeMap<>(shards).values());
    }
    Path single = dir.resolve("model.safetensors");
    if (Files.isRegularFile(single)) {
      return List.of(single);
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> found = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no model.safetensors or index in " + dir);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (SafetensorsFile f : files) {
      f.close();
    }
  }
}
