package io.sparkqwenvl.tasks.grammar;

/**
 * Well-formed UTF-8 inside JSON strings (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), as a tiny state packed into a frame argument: {@code remaining | lo << 8 | hi << 16},
 * the continuation bytes still expected and the range the next one must fall in. 0 means "between
 * characters".
 */
final class Utf8 {

  private static final long ANY = state(1, 0x80, 0xBF) & ~0xffL; // range 80..BF, count added later

  private Utf8() {}

  /** The state after a lead byte {@code b} (0x80..0xFF), or 0 when {@code b} cannot start one. */
  static long lead(int b) {
    if (b >= 0xC2 && b <= 0xDF) {
      return state(1, 0x80, 0xBF);
    }
    if (b == 0xE0) {
      return state(2, 0xA0, 0xBF); // no overlong 3-byte forms
    }
    if (b == 0xED) {
      return state(2, 0x80, 0x9F); // no UTF-16 surrogates
    }
    if (b >= 0xE1 && b <= 0xEF) {
      return state(2, 0x80, 0xBF);
    }
    if (b == 0xF0) {
      return state(3, 0x90, 0xBF); // no overlong 4-byte forms
    }
    if (b >= 0xF1 && b <= 0xF3) {
      return state(3, 0x80, 0xBF);
    }
    if (b == 0xF4) {
      return state(3, 0x80, 0x8F); // nothing above U+10FFFF
    }
    return 0;
  }

  /** Whether {@code b} is the continuation byte state {@code st} expects. */
  static boolean accepts(long st, int b) {
    return b >= ((st >>> 8) & 0xff) && b <= ((st >>> 16) & 0xff);
  }

  /** The state after an accepted continuation byte. */
  static long next(long st) {
    long remaining = (st & 0xff) - 1;
    return remaining == 0 ? 0 : ANY | remaining;
  }

  /** The shortest bytes that finish the pending character (the smallest allowed each time). */
  static byte[] completion(long st) {
    int remaining = (int) (st & 0xff);
    byte[] out = new byte[remaining];
    out[0] = (byte) ((st >>> 8) & 0xff);
    for (int i = 1; i < remaining; i++) {
      out[i] = (byte) 0x80;
    }
    return out;
  }

  private static long state(int remaining, int lo, int hi) {
    return remaining | (long) lo << 8 | (long) hi << 16;
  }
}
