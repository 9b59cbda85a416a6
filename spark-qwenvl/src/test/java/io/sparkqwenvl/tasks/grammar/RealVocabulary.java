package io.sparkqwenvl.tasks.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkqwenvl.prompt.TokenVocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Test helper: the real Qwen2.5 vocabulary from the committed tokenizer.json.gz, as bytes via the
 * GPT-2 byte decoder (independent of the production tokenizer).
 */
final class RealVocabulary implements TokenVocabulary {

  private static RealVocabulary instance;

  private final byte[][] bytes;
  private final boolean[] special;

  private RealVocabulary(JsonNode root) {
    int[] decoder = new int[0x200];
    java.util.Arrays.fill(decoder, -1);
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
      decoder[printable ? b : 256 + extra++] = b;
    }
    bytes = new byte[151936][];
    special = new boolean[151936];
    Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String tok = e.getKey();
      byte[] out = new byte[tok.length()];
      for (int i = 0; i < tok.length(); i++) {
        out[i] = (byte) decoder[tok.charAt(i)];
      }
      bytes[e.getValue().asInt()] = out;
    }
    for (JsonNode added : root.path("added_tokens")) {
      special[added.path("id").asInt()] = true;
    }
  }

  static synchronized RealVocabulary load() {
    if (instance == null) {
      try (InputStream in =
          new GZIPInputStream(
              RealVocabulary.class.getResourceAsStream("/io/sparkqwenvl/tiny/tokenizer.json.gz"))) {
        instance = new RealVocabulary(new ObjectMapper().readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  @Override
  public int size() {
    return bytes.length;
  }

  @Override
  public byte[] tokenBytes(int id) {
    return special[id] || bytes[id] == null ? new byte[0] : bytes[id];
  }

  @Override
  public boolean isSpecial(int id) {
    return special[id];
  }
}
