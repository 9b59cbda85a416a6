package io.sparkqwenvl.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QwenTokenizerTest {

  private static QwenTokenizer tok;

  @BeforeAll
  static void load() {
    tok = QwenTokenizer.bundled();
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  @Test
  void encodesTheDefaultSystemPrompt() {
    assertThat(tok.encode("You are a helpful assistant."))
        .containsExactly(2610, 525, 264, 10950, 17847, 13);
  }

  @Test
  void recognisesSpecialTokensAndAddsNothing() {
    assertThat(tok.encode("<|im_start|>system\n")).containsExactly(151644, 8948, 198);
    assertThat(tok.encode("<|im_end|>")).containsExactly(151645);
    assertThat(tok.tokenId("<|image_pad|>")).isEqualTo(151655);
  }

  @Test
  void neverTruncatesLongInputs() {
    String text = "word ".repeat(3000);
    assertThat(tok.encode(text).length).isGreaterThan(2900);
    String pads = "<|image_pad|>".repeat(2000);
    assertThat(tok.encode(pads)).hasSize(2000).containsOnly(151655);
  }

  @Test
  void decodeSkipsSpecialTokens() {
    int[] ids = tok.encode("<|im_start|>assistant\nHello, world!<|im_end|>");
    assertThat(tok.decode(ids)).isEqualTo("assistant\nHello, world!");
  }

  @Test
  void vocabularySizesAndSpecialFlags() {
    assertThat(tok.vocabularySize()).isEqualTo(151665);
    assertThat(tok.size()).isEqualTo(151665);
    assertThat(tok.isSpecial(151645)).isTrue();
    assertThat(tok.isSpecial(151643)).isTrue();
    assertThat(tok.isSpecial(198)).isFalse();
    assertThat(tok.isSpecial(151700)).isFalse();
  }

  @Test
  void tokenBytesAreTheExactUtf8ATokenAppends() {
    assertThat(tok.tokenBytes(198)).containsExactly('\n');
    assertThat(new String(tok.tokenBytes(2610), StandardCharsets.UTF_8)).isEqualTo("You");
    assertThat(new String(tok.tokenBytes(525), StandardCharsets.UTF_8)).isEqualTo(" are");
    assertThat(tok.tokenBytes(151645)).isEmpty();
    assertThat(tok.tokenBytes(151665)).isEmpty();
    assertThat(tok.tokenBytes(-1)).isEmpty();
  }

  @Test
  void tokenBytesConcatenateToTheUtf8OfTheText() {
    String text = "Grüße, 世界! {\"a\": [1, 2]} naïve café 🙂";
    int[] ids = tok.encode(text);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int id : ids) {
      out.writeBytes(tok.tokenBytes(id));
    }
    assertThat(out.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(tok.decode(ids)).isEqualTo(text);
  }

  @Test
  void modelVocabSizeIsReportedWhenGiven() throws Exception {
    try (QwenTokenizer t = QwenTokenizer.load(BundledTokenizer.path(), 151936)) {
      assertThat(t.size()).isEqualTo(151936);
      assertThat(t.vocabularySize()).isEqualTo(151665);
      assertThat(t.tokenBytes(151900)).isEmpty();
    }
  }
}
