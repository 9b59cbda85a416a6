package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.sparkqwenvl.preprocess.VisionInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Moves a vision pass's pixel rows to the device in window order, with one host copy: each input's
 * rows are written straight into a native-order direct buffer in the order the tower wants them, so
 * neither a concatenated Java array nor a device-side gather is needed. On a GPU the native side
 * copies the buffer to the device at once, so one staging buffer per thread is reused (no 100 MB
 * allocation and page faults per pass); on the CPU the tensor keeps its buffer, so each pass gets a
 * fresh one. Passes larger than {@link #CHUNK_BYTES} are uploaded in chunks and concatenated on the
 * device (a direct buffer holds at most 2 GiB).
 */
final class PixelUpload {

  static final long CHUNK_BYTES = 256L << 20;

  private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

  private PixelUpload() {}

  /**
   * Pixel rows [N, patchDim] float32 in window order: row i is natural row {@code patchOrder[i]} of
   * the inputs' concatenated rows.
   */
  static NDArray upload(List<VisionInput> inputs, long[] patchOrder, int patchDim, NDManager m) {
    return upload(inputs, patchOrder, patchDim, m, CHUNK_BYTES);
  }

  /** As above, in chunks of at most {@code chunkBytes} (one row at least). */
  static NDArray upload(
      List<VisionInput> inputs, long[] patchOrder, int patchDim, NDManager m, long chunkBytes) {
    float[][] src = new float[inputs.size()][];
    long[] start = new long[inputs.size() + 1]; // first natural row of each input
    for (int i = 0; i < inputs.size(); i++) {
      src[i] = inputs.get(i).pixelValues();
      start[i + 1] = start[i] + inputs.get(i).patchCount();
    }
    int n = patchOrder.length;
    int rowsPerChunk = (int) Math.max(1, chunkBytes / (4L * patchDim));
    NDList chunks = new NDList();
    for (int from = 0; from < n; from += rowsPerChunk) {
      int to = Math.min(n, from + rowsPerChunk);
      ByteBuffer buf = staging(4L * patchDim * (to - from), m.getDevice().isGpu());
      FloatBuffer fb = buf.asFloatBuffer();
      int input = 0;
      for (int r = from; r < to; r++) {
        long nat = patchOrder[r];
        if (nat < start[input] || nat >= start[input + 1]) {
          input = find(start, nat);
        }
        fb.put(src[input], Math.toIntExact((nat - start[input]) * patchDim), patchDim);
      }
      chunks.add(m.create(buf, new Shape(to - from, patchDim), DataType.FLOAT32));
    }
    return chunks.size() == 1 ? chunks.singletonOrThrow() : NDArrays.concat(chunks, 0);
  }

  private static int find(long[] start, long row) {
    int lo = 0;
    int hi = start.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static ByteBuffer staging(long bytes, boolean reusable) {
    int size = Math.toIntExact(bytes);
    if (!reusable) {
      return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
    ByteBuffer b = STAGING.get();
    if (b == null || b.capacity() < size) {
      b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
      STAGING.set(b);
    }
    b.clear();
    b.limit(size);
    return b.slice().order(ByteOrder.nativeOrder());
  }
}
