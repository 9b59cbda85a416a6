package io.sparkqwenvl.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** Reads float32 little-endian .npy (optionally gzip) test resources. */
final class Npy {

  private Npy() {}

  static float[] readFloats(String resource) throws IOException {
    try (InputStream raw = Npy.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IOException("missing resource " + resource);
      }
      byte[] all = (resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw).readAllBytes();
      ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
      if (all[0] != (byte) 0x93 || all[1] != 'N') {
        throw new IOException("not a .npy file: " + resource);
      }
      int major = all[6];
      int headerLen = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
      int start = (major == 1 ? 10 : 12) + headerLen;
      String header = new String(all, major == 1 ? 10 : 12, headerLen, StandardCharsets.US_ASCII);
      if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
        throw new IOException("expected C-order <f4 in " + resource + ": " + header);
      }
      float[] out = new float[(all.length - start) / 4];
      b.position(start);
      b.asFloatBuffer().get(out);
      return out;
    }
  }
}
