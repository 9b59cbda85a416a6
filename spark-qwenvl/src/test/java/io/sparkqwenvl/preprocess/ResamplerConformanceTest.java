package io.sparkqwenvl.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.testing.Npy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bit-exact comparison with PIL 12.3 {@code Image.resize(BICUBIC)} and torchvision 0.26 {@code
 * resize(BICUBIC, antialias=True)} on uint8 (cases made by resample/make_cases.py).
 */
class ResamplerConformanceTest {

  private static byte[] bytes(Npy npy) {
    byte[] out = new byte[npy.size()];
    long[] v = npy.longs();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  private static int mismatches(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] == b[i] ? 0 : 1;
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void pilAndTorchvisionBicubicMatchBitForBit(int i) {
    Npy src = Npy.resource("/resample/case" + i + "_src.npy.gz");
    Npy pil = Npy.resource("/resample/case" + i + "_pil.npy.gz");
    Npy tv = Npy.resource("/resample/case" + i + "_tv.npy.gz");
    int h = src.shape()[0];
    int w = src.shape()[1];
    int oh = pil.shape()[0];
    int ow = pil.shape()[1];
    byte[] in = bytes(src);
    assertThat(mismatches(PilBicubic.resize(in, w, h, 3, ow, oh), bytes(pil)))
        .as("PIL case %d %dx%d -> %dx%d", i, w, h, ow, oh)
        .isZero();
    assertThat(mismatches(TorchvisionBicubic.resize(in, w, h, 3, ow, oh), bytes(tv)))
        .as("torchvision case %d %dx%d -> %dx%d", i, w, h, ow, oh)
        .isZero();
  }
}
