package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vision pass bounds its memory without changing its result: pixel rows are uploaded in window
 * order in chunks, and full attention over many frames runs a few frames at a time.
 */
class VisionChunkingTest {

  static {
    TinyFixtures.init();
  }

  @Test
  void pixelRowsArriveInWindowOrderWhateverTheChunkSize() {
    VisionInput a = TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 4, 6, 3, 0); // 24 rows
    VisionInput b = TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 2, 4, 5, 0); // 8 rows
    int pd = a.pixelValues().length / a.patchCount();
    long[] order = new long[32];
    for (int i = 0; i < order.length; i++) {
      order[i] = (i * 7L + 3) % 32; // a permutation mixing both inputs
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      for (long chunk : new long[] {4L * pd, 4L * pd * 5, 1L << 30}) {
        float[] got = PixelUpload.upload(List.of(a, b), order, pd, m, chunk).toFloatArray();
        for (int r = 0; r < order.length; r++) {
          int nat = (int) order[r];
          float[] src = nat < 24 ? a.pixelValues() : b.pixelValues();
          int row = nat < 24 ? nat : nat - 24;
          for (int j = 0; j < pd; j += 17) {
            assertThat(got[r * pd + j])
                .as("chunk %d, row %d, value %d", chunk, r, j)
                .isEqualTo(src[row * pd + j]);
          }
        }
      }
    }
  }

  @Test
  void fullAttentionInChunksEqualsOneCall() {
    try (QwenVlModel model =
            QwenVlModel.random(QwenVlConfig.load(TinyFixtures.tinyDir()), 3, ModelOptions.cpu());
        NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<VisionInput> frames =
          List.of(
              TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 8, 8, 1, 0),
              TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 8, 8, 2, 0),
              TinyFixtures.media(VisionInput.Kind.IMAGE, 1, 8, 8, 3, 0));
      float[] whole = model.encodeVision(frames, m).toFloatArray();
      long old = SegmentAttention.scoreBytesLimit(1);
      float[] chunked;
      try {
        chunked = model.encodeVision(frames, m).toFloatArray();
      } finally {
        SegmentAttention.scoreBytesLimit(old);
      }
      assertThat(chunked).hasSameSizeAs(whole);
      for (int i = 0; i < whole.length; i++) {
        assertThat(chunked[i])
            .as("value %d", i)
            .isCloseTo(whole[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }
}
