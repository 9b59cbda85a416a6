package io.sparkqwenvl.tasks.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JSON strings produced under the grammar are well-formed UTF-8: multi-byte characters are accepted
 * byte by byte, malformed sequences (stray continuation bytes, overlong forms, surrogates, code
 * points above U+10FFFF, a character cut by the closing quote) are rejected, and the completion of
 * a string cut inside a character finishes that character first.
 */
class Utf8StringTest {

  private static final JsonGrammar G =
      JsonGrammar.compile(
          SchemaParser.parse("s STRING"), new FakeVocabulary(), FakeVocabulary.STOPS);

  @Test
  void wellFormedMultiByteCharactersAreAccepted() {
    for (String text : new String[] {"é", "中文", "😀", "a\u07ffb\u0800c\uffff", "\udbff\udfff"}) {
      assertThat(accepts(utf8("{\"s\":\"" + text + "\"}"))).as(text).isTrue();
    }
  }

  @Test
  void malformedSequencesAreRejected() {
    int[][] bad = {
      {0x80}, // continuation byte without a lead
      {0xC0, 0x80}, // overlong NUL
      {0xC1, 0xBF}, // overlong
      {0xE0, 0x80, 0x80}, // overlong 3-byte
      {0xED, 0xA0, 0x80}, // UTF-16 surrogate U+D800
      {0xF0, 0x80, 0x80, 0x80}, // overlong 4-byte
      {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
      {0xF5, 0x80, 0x80, 0x80}, // no such lead byte
      {0xE4, 0xB8}, // cut by the closing quote
      {0xC3, 0x41}, // ASCII where a continuation byte is due
    };
    for (int[] seq : bad) {
      byte[] doc = new byte[seq.length + 9];
      byte[] head = utf8("{\"s\":\"");
      System.arraycopy(head, 0, doc, 0, head.length);
      for (int i = 0; i < seq.length; i++) {
        doc[head.length + i] = (byte) seq[i];
      }
      doc[head.length + seq.length] = '"';
      doc[head.length + seq.length + 1] = '}';
      byte[] exact = java.util.Arrays.copyOf(doc, head.length + seq.length + 2);
      assertThat(accepts(exact)).as(java.util.Arrays.toString(seq)).isFalse();
    }
  }

  @Test
  void completionOfACutCharacterIsValidUtf8() {
    JsonAutomaton a = G.automaton();
    long[] s = a.initial();
    byte[] prefix = utf8("{\"s\":\"ab中");
    for (int i = 0; i < prefix.length - 2; i++) { // stop after the first byte of 中 (E4 B8 AD)
      assertThat(a.feed(s, prefix[i] & 0xff)).isTrue();
    }
    byte[] rest = Completion.of(a.nodes, s);
    byte[] whole = new byte[prefix.length - 2 + rest.length];
    System.arraycopy(prefix, 0, whole, 0, prefix.length - 2);
    System.arraycopy(rest, 0, whole, prefix.length - 2, rest.length);
    assertThat(accepts(whole)).as(new String(whole, StandardCharsets.UTF_8)).isTrue();
    String text = new String(whole, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\ufffd").startsWith("{\"s\":\"ab").endsWith("\"}");
  }

  private static boolean accepts(byte[] doc) {
    JsonAutomaton a = G.automaton();
    long[] s = a.initial();
    for (byte b : doc) {
      if (!a.feed(s, b & 0xff)) {
        return false;
      }
    }
    return JsonAutomaton.isComplete(s);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
