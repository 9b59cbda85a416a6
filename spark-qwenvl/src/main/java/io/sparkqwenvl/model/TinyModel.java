package io.sparkqwenvl.model;

import io.sparkqwenvl.runtime.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.GZIPInputStream;

/**
 * The tiny random checkpoint used by tests, {@code --model tiny} and the goldens. Its weights are a
 * pure function of the tensor name and index (the rule in the project brief, shared with the Python
 * golden script): SplitMix64-style hashing of FNV-1a(name) and the index gives a uniform double,
 * scaled per tensor kind, rounded to float32 then to bf16 (round-to-nearest-even).
 *
 * <pre>{@code
 * Path dir = TinyModel.materialize(TinyModel.defaultCacheRoot());
 * try (QwenVlModel m = QwenVlModel.load(dir, ModelOptions.cpu())) { ... }
 * }</pre>
 */
public final class TinyModel {

  static final long GOLDEN = 0x9E3779B97F4A7C15L;
  static final long SEED = 20241204L;
  private static final String[] FILES = {
    "config.json", "preprocessor_config.json", "generation_config.json"
  };

  private TinyModel() {}

  /** $QWENVL_CACHE, else ~/.cache/spark-qwenvl. */
  public static Path defaultCacheRoot() {
    String env = System.getenv("QWENVL_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "spark-qwenvl");
  }

  /**
   * Writes the checkpoint into {@code <cacheRoot>/tiny-<hash>/} unless it is already complete, and
   * returns that directory. The hash covers the committed config files and the weight rule, so a
   * changed config gets a new directory. Safe against concurrent writers (atomic rename).
   */
  public static Path materialize(Path cacheRoot) {
    byte[] config = PublishedConfigs.tinyBytes("config.json");
    Path dir = cacheRoot.resolve("tiny-" + hash(config));
    if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
      return dir;
    }
    try {
      Files.createDirectories(cacheRoot);
      Path tmp = Files.createTempDirectory(cacheRoot, ".tiny-");
      for (String f : FILES) {
        Files.write(tmp.resolve(f), PublishedConfigs.tinyBytes(f));
      }
      try (GZIPInputStream in =
          new GZIPInputStream(
              new java.io.ByteArrayInputStream(PublishedConfigs.tinyBytes("tokenizer.json.gz")))) {
        Files.copy(in, tmp.resolve("tokenizer.json"));
      }
      QwenVlConfig cfg =
          QwenVlConfig.parse(
              Json.parse(new String(config, StandardCharsets.UTF_8)), "tiny/config.json");
      writeSafetensors(tmp.resolve("model.safetensors"), ParameterShapes.of(cfg));
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
          throw raced;
        }
        deleteTree(tmp);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tiny checkpoint under " + cacheRoot, e);
    }
  }

  /** bf16 bits of element {@code i} of tensor {@code name} of shape {@code shape}. */
  public static short value(String name, long[] shape, long i, long tensorSeed) {
    double[] cs = centerScale(name, shape);
    return value(cs[0], cs[1], i, tensorSeed);
  }

  private static short value(double center, double scale, long i, long tensorSeed) {
    double u = (mix(tensorSeed + (i + 1) * GOLDEN) >>> 11) * 0x1.0p-53;
    float v = (float) (center + scale * (2 * u - 1));
    return Halfs.floatToBf16(v);
  }

  /** {center, scale} of a tensor by the rule. */
  static double[] centerScale(String name, long[] shape) {
    if (name.endsWith("norm.weight")
        || name.endsWith("norm1.weight")
        || name.endsWith("norm2.weight")
        || name.endsWith("ln_q.weight")) {
      return new double[] {1, 0.1};
    }
    if (name.endsWith(".bias")) {
      return new double[] {0, 0.02};
    }
    if (name.equals("model.embed_tokens.weight")) {
      return new double[] {0, 1.0};
    }
    long fanIn = 1;
    for (int d = 1; d < shape.length; d++) {
      fanIn *= shape[d];
    }
    return new double[] {0, 1.0 / Math.sqrt(fanIn)};
  }

  /** Per-tensor seed: mix(SEED ^ fnv1a(name)). */
  public static long tensorSeed(String name) {
    long h = 0xCBF29CE484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xFF);
      h *= 0x100000001B3L;
    }
    return mix(SEED ^ h);
  }

  static long mix(long z) {
    z ^= z >>> 30;
    z *= 0xBF58476D1CE4E5B9L;
    z ^= z >>> 27;
    z *= 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return z;
  }

  /** Writes all tensors as bf16 by the rule, sorted by name, 8-byte aligned header. */
  static void writeSafetensors(Path file, SortedMap<String, long[]> shapes) throws IOException {
    writeSafetensors(file, shapes, name -> 1.0);
  }

  /** As above with every value of tensor {@code name} multiplied by {@code factor(name)}. */
  static void writeSafetensors(
      Path file,
      SortedMap<String, long[]> shapes,
      java.util.function.ToDoubleFunction<String> factor)
      throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("__metadata__", Map.of("format", "pt"));
    long offset = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long bytes = ParameterShapes.numel(e.getValue()) * 2;
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("dtype", "BF16");
      t.put("shape", e.getValue());
      t.put("data_offsets", new long[] {offset, offset + bytes});
      header.put(e.getKey(), t);
      offset += bytes;
    }
    StringBuilder json = new StringBuilder(Json.write(header));
    while ((json.length() + 8) % 8 != 0) {
      json.append(' ');
    }
    byte[] hb = json.toString().getBytes(StandardCharsets.UTF_8);
    try (OutputStream out =
        new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length);
      out.write(len.array());
      out.write(hb);
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        long seed = tensorSeed(e.getKey());
        long n = ParameterShapes.numel(e.getValue());
        float f = (float) factor.applyAsDouble(e.getKey());
        double[] cs = centerScale(e.getKey(), e.getValue());
        for (long i = 0; i < n; i++) {
          if (!buf.hasRemaining()) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
          }
          short v = value(cs[0], cs[1], i, seed);
          buf.putShort(f == 1f ? v : Halfs.floatToBf16(Halfs.bf16ToFloat(v) * f));
        }
      }
      out.write(buf.array(), 0, buf.position());
    }
  }

  private static String hash(byte[] config) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(config);
      md.update("weights-rule-v2".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
