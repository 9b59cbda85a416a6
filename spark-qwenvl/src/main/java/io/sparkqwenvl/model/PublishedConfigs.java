package io.sparkqwenvl.model;

import io.sparkqwenvl.model.QwenVlConfig.TextConfig;
import io.sparkqwenvl.model.QwenVlConfig.VisionConfig;
import io.sparkqwenvl.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Architectures of the published checkpoints (fact sheet §1), for random-weight benchmarks and
 * shape checks, plus the tiny test architecture.
 */
public final class PublishedConfigs {

  private static final int[] MROPE = {16, 24, 24};
  private static final int[] FULLATT = {7, 15, 23, 31};

  /** Qwen/Qwen2.5-VL-3B-Instruct: tied embeddings, vocab 151936. */
  public static final QwenVlConfig QWEN25_VL_3B =
      of(new TextConfig(2048, 36, 16, 2, 128, 11008, 151936, 1e6, 1e-6, MROPE, true, 128000));

  /** Qwen/Qwen2.5-VL-7B-Instruct: untied lm_head, vocab 152064. */
  public static final QwenVlConfig QWEN25_VL_7B =
      of(new TextConfig(3584, 28, 28, 4, 128, 18944, 152064, 1e6, 1e-6, MROPE, false, 128000));

  private PublishedConfigs() {}

  /** The tiny random architecture (committed config.json resource). */
  public static QwenVlConfig tiny() {
    return QwenVlConfig.parse(Json.parse(tinyResource("config.json")), "tiny/config.json");
  }

  /** "tiny", "3B" or "7B" (case-insensitive), as in {@code random:3B}. */
  public static QwenVlConfig byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "tiny" -> tiny();
      case "3b" -> QWEN25_VL_3B;
      case "7b" -> QWEN25_VL_7B;
      default ->
          throw new IllegalArgumentException(
              "unknown architecture '" + name + "'; expected tiny, 3B or 7B");
    };
  }

  /** Reads a committed resource of the tiny checkpoint as UTF-8 text. */
  static String tinyResource(String file) {
    return new String(tinyBytes(file), StandardCharsets.UTF_8);
  }

  /** Reads a committed resource of the tiny checkpoint. */
  static byte[] tinyBytes(String file) {
    String path = "/io/sparkqwenvl/tiny/" + file;
    try (InputStream in = PublishedConfigs.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static QwenVlConfig of(TextConfig text) {
    VisionConfig vision =
        new VisionConfig(32, 1280, 16, 3420, 14, 2, 2, 112, FULLATT, text.hiddenSize(), 2, 3);
    return new QwenVlConfig(QwenVlConfig.MODEL_TYPE, text, vision, 151655, 151656, 151652, 151653);
  }
}
