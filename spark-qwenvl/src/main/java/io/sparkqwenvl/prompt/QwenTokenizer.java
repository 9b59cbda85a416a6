package io.sparkqwenvl.prompt;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkqwenvl.runtime.DjlDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Map;

/**
 * The Qwen2/2.5 byte-level BPE tokenizer ({@code tokenizer.json}) on DJL's HuggingFace tokenizers:
 * no special tokens added, no truncation, no padding (DJL's defaults silently cut at 512 ids).
 * Special tokens written in the text ({@code <|im_start|>}, ...) are recognised. Also the raw byte
 * vocabulary for constrained decoding. Thread-safe for encode/decode.
 */
public final class QwenTokenizer implements TokenVocabulary, AutoCloseable {

  private final HuggingFaceTokenizer hf;
  private final byte[][] bytes; // [vocabularySize][token bytes]; empty for added tokens
  private final BitSet special;
  private final int vocabularySize;
  private final int modelVocabSize;

  private QwenTokenizer(
      HuggingFaceTokenizer hf, byte[][] bytes, BitSet special, int modelVocabSize) {
    this.hf = hf;
    this.bytes = bytes;
    this.special = special;
    this.vocabularySize = bytes.length;
    this.modelVocabSize = modelVocabSize;
  }

  /** Loads tokenizer.json; {@link #size()} is then the tokenizer's own entry count. */
  public static QwenTokenizer load(Path tokenizerJson) throws IOException {
    return load(tokenizerJson, -1);
  }

  /**
   * Loads tokenizer.json for a model whose embedding has {@code modelVocabSize} rows (ids from the
   * tokenizer's size up to that are valid but decode to nothing).
   */
  public static QwenTokenizer load(Path tokenizerJson, int modelVocabSize) throws IOException {
    Vocabulary v = Vocabulary.read(tokenizerJson);
    DjlDefaults.apply();
    HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerJson)
            .optAddSpecialTokens(false)
            .optTruncation(false)
            .optPadding(false)
            .build();
    int size = v.bytes().length;
    return new QwenTokenizer(
        hf, v.bytes(), v.special(), modelVocabSize > 0 ? modelVocabSize : size);
  }

  /** Raw bytes per id ([size][bytes], empty for added tokens) and the special-token ids. */
  private record Vocabulary(byte[][] bytes, BitSet special) {

    static Vocabulary read(Path tokenizerJson) throws IOException {
      JsonNode root;
      try (InputStream in = Files.newInputStream(tokenizerJson)) {
        root = new ObjectMapper().readTree(in);
      }
      JsonNode vocab = root.path("model").path("vocab");
      if (!vocab.isObject()) {
        throw new IOException(tokenizerJson + ": no model.vocab object (not a BPE tokenizer.json)");
      }
      int size = 0;
      for (JsonNode id : vocab) {
        size = Math.max(size, id.asInt() + 1);
      }
      for (JsonNode t : root.path("added_tokens")) {
        size = Math.max(size, t.path("id").asInt() + 1);
      }
      byte[][] bytes = new byte[size][];
      for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        byte[] b = ByteLevel.decode(e.getKey());
        if (b == null) {
          throw new IOException(
              tokenizerJson + ": vocab token " + e.getKey() + " is not byte-level BPE");
        }
        bytes[e.getValue().asInt()] = b;
      }
      BitSet special = new BitSet(size);
      for (JsonNode t : root.path("added_tokens")) {
        int id = t.path("id").asInt();
        bytes[id] = new byte[0];
        special.set(id, t.path("special").asBoolean(false));
      }
      for (int i = 0; i < size; i++) {
        bytes[i] = bytes[i] == null ? new byte[0] : bytes[i];
      }
      return new Vocabulary(bytes, special);
    }
  }

  /** The tokenizer bundled with the tiny model (extracted once to a cache file). */
  public static QwenTokenizer bundled() {
    try {
      return load(BundledTokenizer.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the bundled tokenizer", e);
    }
  }

  /** Token ids of the text, special tokens recognised, nothing added, never truncated. */
  public int[] encode(String text) {
    long[] ids = hf.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /** Text of the ids, special tokens skipped; ids without a token are dropped. */
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    int n = 0;
    for (int id : ids) {
      if (id >= 0 && id < vocabularySize) {
        l[n++] = id;
      }
    }
    return hf.decode(java.util.Arrays.copyOf(l, n), true);
  }

  /** Entries in the tokenizer (151665 for Qwen2.5: 151643 BPE + 22 added). */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** Id of a token string such as {@code <|im_end|>}; -1 when absent. */
  public int tokenId(String token) {
    long[] ids = hf.encode(token, false, false).getIds();
    return ids.length == 1 ? (int) ids[0] : -1;
  }

  @Override
  public int size() {
    return modelVocabSize;
  }

  @Override
  public byte[] tokenBytes(int id) {
    return id >= 0 && id < vocabularySize ? bytes[id].clone() : new byte[0];
  }

  @Override
  public boolean isSpecial(int id) {
    return id >= 0 && special.get(id);
  }

  @Override
  public void close() {
    hf.close();
  }
}
