package io.sparkqwenvl.model;

/** Bit conversions between float32 and the 16-bit float formats, in plain Java. */
public final class Halfs {

  private Halfs() {}

  /** bfloat16 bits → float32 (exact). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** float32 → bfloat16 bits with round-to-nearest-even (NaN kept as a quiet NaN). */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** IEEE half bits → float32 (exact). */
  public static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** float32 → IEEE half bits, round-to-nearest-even, overflow to infinity. */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(f)) {
      return (short) (sign | 0x7E00);
    }
    float a = Math.abs(f);
    if (a >= 65520f) {
      return (short) (sign | 0x7C00);
    }
    if (a < 0x1p-14f) {
      // subnormal half: value = m * 2^-24, rounded to nearest even by Math.rint
      int m = (int) Math.rint(a * 0x1p24f);
      return (short) (sign | m);
    }
    int abits = Float.floatToRawIntBits(a);
    int rounded = abits + 0xFFF + ((abits >>> 13) & 1);
    int exp = ((rounded >>> 23) & 0xFF) - 112;
    int mant = (rounded >>> 13) & 0x3FF;
    return (short) (sign | (exp << 10) | mant);
  }
}
