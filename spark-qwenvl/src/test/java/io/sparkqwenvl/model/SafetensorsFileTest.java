package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

  /** A file with one tensor: header JSON then the raw little-endian bytes. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] f32(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static byte[] f16(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putShort(Halfs.floatToHalf(f));
    }
    return b.array();
  }

  @Test
  void corruptFilesGiveErrorsNamingFileAndTensor(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("x.safetensors");
    String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
    Files.write(p, file(ok, f32(1, 2, 3)));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .hasMessageContaining("x.safetensors")
        .hasMessageContaining("tensor w")
        .hasMessageContaining("truncated");
    Files.write(p, file(ok.replace("[2,2]", "[2,3]"), f32(1, 2, 3, 4)));
    assertThatThrownBy(() -> SafetensorsFile.open(p)).hasMessageContaining("shape [2, 3]");
    Files.write(p, file("{\"w\": [", new byte[0]));
    assertThatThrownBy(() -> SafetensorsFile.open(p)).hasMessageContaining("not valid JSON");
    Files.write(p, file(ok.replace("F32", "I64"), f32(1, 2, 3, 4)));
    assertThatThrownBy(() -> SafetensorsFile.open(p)).hasMessageContaining("unsupported dtype");
    Files.write(p, new byte[] {(byte) 0xFF, 0x7F, 0, 0, 0, 0, 0, 0, 1});
    assertThatThrownBy(() -> SafetensorsFile.open(p)).hasMessageContaining("header length");
  }

  @Test
  void shardedTransformers5NamesAreAliasesAndDtypesConvert(@TempDir Path dir) throws Exception {
    Files.write(
        dir.resolve("a.safetensors"),
        file(
            "{\"model.language_model.norm.weight\":{\"dtype\":\"F16\",\"shape\":[3],"
                + "\"data_offsets\":[0,6]}}",
            f16(1.5f, -2f, 0.25f)));
    Files.write(
        dir.resolve("b.safetensors"),
        file(
            "{\"model.visual.merger.ln_q.weight\":{\"dtype\":\"BF16\",\"shape\":[2],"
                + "\"data_offsets\":[0,4]}}",
            ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3FC0)
                .putShort((short) 0xC000)
                .array()));
    Files.writeString(
        dir.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"model.language_model.norm.weight\":\"a.safetensors\","
            + "\"model.visual.merger.ln_q.weight\":\"b.safetensors\"}}");
    TinyFixtures.init();
    try (Checkpoint c = Checkpoint.open(dir);
        NDManager m = NDManager.newBaseManager("PyTorch")) {
      assertThat(c.has("model.norm.weight")).isTrue();
      assertThat(c.load("model.norm.weight", new long[] {3}, DataType.FLOAT32, m).toFloatArray())
          .containsExactly(1.5f, -2f, 0.25f);
      assertThat(
              c.load("visual.merger.ln_q.weight", new long[] {2}, DataType.FLOAT32, m)
                  .toFloatArray())
          .containsExactly(1.5f, -2f);
      assertThatThrownBy(() -> c.load("lm_head.weight", new long[] {4, 2}, DataType.FLOAT32, m))
          .hasMessageContaining("lm_head.weight")
          .hasMessageContaining("missing");
    }
  }
}
