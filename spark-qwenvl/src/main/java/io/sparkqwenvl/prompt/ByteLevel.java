package io.sparkqwenvl.prompt;

import java.io.ByteArrayOutputStream;

/**
 * GPT-2 byte-level BPE alphabet: {@code bytes_to_unicode} maps each byte to a printable code point
 * (printable Latin-1 bytes map to themselves, the other 68 to U+0100 onward, in byte order). A
 * token string is turned back into the bytes it stands for through the inverse map.
 */
final class ByteLevel {

  /** Code point → byte, -1 for code points outside the alphabet. */
  private static final int[] DECODE = new int[324];

  static {
    java.util.Arrays.fill(DECODE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable =
          (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      int cp = printable ? b : 256 + n++;
      DECODE[cp] = b;
    }
  }

  private ByteLevel() {}

  /** Bytes of a byte-level token string; null when a character is outside the alphabet. */
  static byte[] decode(String token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int b = c < DECODE.length ? DECODE[c] : -1;
      if (b < 0) {
        return null;
      }
      out.write(b);
    }
    return out.toByteArray();
  }
}
