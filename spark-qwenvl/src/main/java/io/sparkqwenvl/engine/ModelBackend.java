package io.sparkqwenvl.engine;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import io.sparkqwenvl.model.DevicePenalty;
import io.sparkqwenvl.model.KvCache;
import io.sparkqwenvl.model.NextTokens;
import io.sparkqwenvl.model.PrefillSequence;
import io.sparkqwenvl.model.QwenVlConfig;
import io.sparkqwenvl.model.QwenVlModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's primitives over a {@link QwenVlModel}: one KV cache per backend (per lane), the
 * model's batched prefill (one vision pass) and decode step. Several backends may share one model;
 * each is used by one lane thread.
 */
final class ModelBackend implements EngineBackend {
  private final QwenVlModel model;
  private final Device device;
  private KvCache cache; // per layer K,V [slots, kvHeads, capacity, headDim]
  private long peakBytes;
  private boolean memoryProbe;

  ModelBackend(QwenVlModel model) {
    this.model = model;
    this.device = model.options().djlDevice();
    this.memoryProbe = device.isGpu();
  }

  @Override
  public int spatialMergeSize() {
    return model.config().vision().spatialMergeSize();
  }

  @Override
  public void allocate(int slots, int capacity) {
    cache = model.newKvCache(slots, capacity);
    probeMemory();
  }

  @Override
  public long kvCacheBytes(int slots, int capacity) {
    return model.kvCacheBytes(slots, capacity);
  }

  /**
   * Rough peak of a prefill's float32 activations: about 24 vision-width rows per patch plus one
   * full-attention score matrix of the largest possible frame, and about 8 hidden-width rows plus
   * one MLP-width pair per prompt token plus the prompt's attention scores.
   */
  @Override
  public long prefillBytes(int patches, int promptTokens) {
    QwenVlConfig c = model.config();
    long hv = c.vision().hiddenSize();
    long vision = patches * hv * 4 * 24 + (long) c.vision().numHeads() * patches * patches * 4;
    long t = promptTokens;
    long text =
        t * (8L * c.text().hiddenSize() + 3L * c.text().intermediateSize()) * 4
            + (long) c.text().numHeads() * t * t * 4;
    return vision + text;
  }

  @Override
  public PrefillOutput prefill(List<PrefillItem> items) {
    List<PrefillSequence> seqs = new ArrayList<>(items.size());
    boolean[] want = new boolean[items.size()];
    int[][] ids = new int[items.size()][];
    float[] penalties = new float[items.size()];
    for (int i = 0; i < items.size(); i++) {
      PrefillItem it = items.get(i);
      seqs.add(
          new PrefillSequence(it.slot(), it.request().promptTokenIds(), it.request().vision()));
      want[i] = it.wantLogits();
      ids[i] = it.penaltyIds();
      penalties[i] = it.penalty();
    }
    NextTokens nt = model.prefill(cache, seqs, want, devicePenalty(ids, penalties));
    probeMemory();
    return new PrefillOutput(
        new StepOutput(nt.argmax(), nt.logits()),
        nt.visionNanos(),
        nt.languageNanos(),
        nt.paddedTokens());
  }

  @Override
  public StepOutput decode(
      int[] slots, int[] tokens, boolean[] wantLogits, int[][] penaltyIds, float[] penalties) {
    NextTokens nt =
        model.decode(cache, slots, tokens, wantLogits, devicePenalty(penaltyIds, penalties));
    return new StepOutput(nt.argmax(), nt.logits());
  }

  /**
   * The model's device penalty, or null when no row has one (the common greedy-no-penalty case).
   */
  private static DevicePenalty devicePenalty(int[][] ids, float[] penalties) {
    if (ids == null) {
      return null;
    }
    for (int[] row : ids) {
      if (row != null) {
        return new DevicePenalty(ids, penalties);
      }
    }
    return null;
  }

  @Override
  public long peakDeviceBytes() {
    probeMemory();
    return peakBytes;
  }

  @Override
  public long freeDeviceBytes() {
    java.lang.management.MemoryUsage u = gpuMemory();
    return u == null ? Long.MAX_VALUE : u.getMax() - u.getCommitted();
  }

  @Override
  public long totalDeviceBytes() {
    java.lang.management.MemoryUsage u = gpuMemory();
    return u == null ? 0 : u.getMax();
  }

  private java.lang.management.MemoryUsage gpuMemory() {
    if (!memoryProbe) {
      return null;
    }
    try {
      return CudaUtils.getGpuMemory(device);
    } catch (RuntimeException | LinkageError e) {
      memoryProbe = false;
      return null;
    }
  }

  /** Device memory in use (cudaMemGetInfo through DJL); turned off when CUDA cannot be asked. */
  private void probeMemory() {
    if (!memoryProbe) {
      return;
    }
    try {
      peakBytes = Math.max(peakBytes, CudaUtils.getGpuMemory(device).getCommitted());
    } catch (RuntimeException | LinkageError e) {
      memoryProbe = false;
    }
  }

  /** The KV cache of this backend (null before allocate / after close). */
  KvCache cache() {
    return cache;
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.close();
      cache = null;
    }
  }
}
