package io.sparkqwenvl.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The Qwen2.5 tokenizer.json shipped gzipped in the jar ({@code io/sparkqwenvl/tiny/}), extracted
 * once into {@code $QWENVL_CACHE} (default {@code ~/.cache/spark-qwenvl}) as {@code
 * tokenizer-<size>.json}; written atomically so concurrent JVMs agree.
 */
public final class BundledTokenizer {

  /** Class-path resource of the gzipped tokenizer.json. */
  public static final String RESOURCE = "/io/sparkqwenvl/tiny/tokenizer.json.gz";

  private static volatile Path extracted;

  private BundledTokenizer() {}

  /** Path of the extracted tokenizer.json. */
  public static Path path() {
    Path p = extracted;
    if (p == null) {
      synchronized (BundledTokenizer.class) {
        if (extracted == null) {
          extracted = extract(cacheRoot());
        }
        p = extracted;
      }
    }
    return p;
  }

  /** Copies the bundled tokenizer.json to {@code dest} (e.g. into a model directory). */
  public static void copyTo(Path dest) throws IOException {
    try (InputStream in = open()) {
      Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static Path cacheRoot() {
    String env = System.getenv("QWENVL_CACHE");
    return env != null && !env.isBlank()
        ? Paths.get(env)
        : Paths.get(System.getProperty("user.home"), ".cache", "spark-qwenvl");
  }

  private static InputStream open() throws IOException {
    InputStream raw = BundledTokenizer.class.getResourceAsStream(RESOURCE);
    if (raw == null) {
      throw new IOException("class-path resource " + RESOURCE + " is missing");
    }
    return new GZIPInputStream(raw);
  }

  private static Path extract(Path root) {
    try {
      byte[] json;
      try (InputStream in = open()) {
        json = in.readAllBytes();
      }
      Files.createDirectories(root);
      Path target = root.resolve("tokenizer-" + json.length + ".json");
      if (Files.isRegularFile(target) && Files.size(target) == json.length) {
        return target;
      }
      Path tmp = Files.createTempFile(root, "tokenizer-", ".part");
      Files.write(tmp, json);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + RESOURCE + " under " + root, e);
    }
  }
}
