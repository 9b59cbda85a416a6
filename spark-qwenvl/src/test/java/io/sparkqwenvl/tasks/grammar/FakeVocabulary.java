package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.prompt.TokenVocabulary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small byte-level vocabulary for grammar tests: all 256 bytes, some merges, two specials. */
final class FakeVocabulary implements TokenVocabulary {

  static final int STOP_A = 300;
  static final int STOP_B = 301;
  static final int[] STOPS = {STOP_A, STOP_B};

  private final List<byte[]> tokens = new ArrayList<>();

  FakeVocabulary() {
    for (int b = 0; b < 256; b++) {
      tokens.add(new byte[] {(byte) b});
    }
    String[] merges = {
      "{\"",
      "\":",
      "null",
      "null",
      "true",
      "false",
      "\",",
      "\"}",
      " the",
      "\n  ",
      "  ",
      "2024",
      "-0",
      "\\n",
      "\\u00",
      "é",
      "},",
      "}]",
      "[{",
      "\"a",
      "name",
      "\":\"",
      "0.",
      ".5",
      "e+",
      ",\"",
      "\"\n}",
      "12",
      "-1",
      "\"2024-02-",
      "29\"",
      "\":null",
      ",\n",
      "[]",
      "{}",
      "\"\"",
      "日本"
    };
    for (String m : merges) {
      tokens.add(m.getBytes(StandardCharsets.UTF_8));
    }
    while (tokens.size() < STOP_A) {
      tokens.add(new byte[0]);
    }
  }

  @Override
  public int size() {
    return 302;
  }

  @Override
  public byte[] tokenBytes(int id) {
    return id < tokens.size() ? tokens.get(id) : new byte[0];
  }

  @Override
  public boolean isSpecial(int id) {
    return id >= STOP_A;
  }
}
