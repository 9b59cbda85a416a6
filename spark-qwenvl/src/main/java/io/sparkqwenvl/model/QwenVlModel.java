package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.generate.Generator;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.runtime.DjlDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Qwen2.5-VL on DJL: vision tower + Qwen2 decoder, with primitives for a continuous-batching
 * engine. Owns one NDManager; {@link #close()} frees every native buffer of the weights (KV caches
 * are closed by their owner, or with the model).
 *
 * <pre>{@code
 * try (QwenVlModel m = QwenVlModel.load(TinyModel.materialize(root), ModelOptions.cpu())) {
 *   List<GenerationResult> r = m.generate(List.of(request));
 * }
 * }</pre>
 *
 * <p>Engine primitives. A {@link KvCache} belongs to one thread at a time; several threads may call
 * {@code prefill}/{@code decode} concurrently on distinct caches (weights are read-only,
 * temporaries live in a per-call child manager and an {@code NDScope} per vision block and decoder
 * layer, so only the residual stream crosses layers). Prompts of one prefill are right-padded to
 * the longest and masked, so "left padding" never reaches the caller: each slot keeps its own
 * length and MRoPE offset.
 *
 * <pre>
 *   KvCache cache = model.newKvCache(slots, capacity);  // per layer K,V [slots, kvH, cap, hd]
 *   NextTokens a = model.prefill(cache, seqs, want);    // one vision pass + prompts → slots
 *   NextTokens b = model.decode(cache, slots, tokens, want); // append 1 token per slot
 *   NDArray v = model.encodeVision(inputs, manager);    // [Σ mergedTokens, H] float32
 * </pre>
 */
public final class QwenVlModel implements AutoCloseable {

  private final QwenVlConfig config;
  private final ModelOptions options;
  private final Path directory;
  private final String revision;
  private final NDManager manager;
  private final VisionTower vision;
  private final TextModel text;
  private final List<KvCache> caches = new ArrayList<>();

  private QwenVlModel(
      QwenVlConfig config, ModelOptions options, Path dir, String revision, WeightSource src) {
    this.config = config;
    this.options = options;
    this.directory = dir;
    this.revision = revision;
    this.manager = NDManager.newBaseManager(options.djlDevice(), "PyTorch");
    try {
      this.vision =
          new VisionTower(
              config.vision(), src, options.precision() == Precision.FP16_MIXED, manager);
      this.text = new TextModel(config.text(), src, options.precision(), manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Loads config.json and the safetensors weights of {@code modelDir}. */
  public static QwenVlModel load(Path modelDir, ModelOptions options) {
    DjlDefaults.apply();
    QwenVlConfig cfg = QwenVlConfig.load(modelDir);
    try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
      String rev = revision(modelDir, ckpt);
      return new QwenVlModel(cfg, options, modelDir, rev, WeightSource.of(ckpt));
    }
  }

  /** Random weights of the given architecture (benchmarks; e.g. PublishedConfigs.QWEN25_VL_7B). */
  public static QwenVlModel random(QwenVlConfig cfg, long seed, ModelOptions options) {
    DjlDefaults.apply();
    return new QwenVlModel(
        cfg,
        options,
        null,
        "random-" + seed,
        WeightSource.random(seed, !cfg.text().tieWordEmbeddings()));
  }

  public QwenVlConfig config() {
    return config;
  }

  public ModelOptions options() {
    return options;
  }

  /** The checkpoint directory; null for random weights. */
  public Path directory() {
    return directory;
  }

  /** SHA-256 (16 hex) over config.json and every safetensors header; "random-SEED" if random. */
  public String revision() {
    return revision;
  }

  /** Generates every request to completion in one batch (batch == each request alone). */
  public List<GenerationResult> generate(List<EngineRequest> requests) {
    return new Generator(this).generate(requests);
  }

  /** Allocates a KV cache of {@code slots} sequences × {@code capacity} positions. */
  public synchronized KvCache newKvCache(int slots, int capacity) {
    var t = config.text();
    KvCache c =
        new KvCache(
            manager, t.numLayers(), slots, t.numKvHeads(), capacity, t.headDim(), text.cacheType());
    caches.removeIf(KvCache::isClosed);
    caches.add(c);
    return c;
  }

  /** Bytes of a KV cache of that geometry under this model's precision. */
  public long kvCacheBytes(int slots, int capacity) {
    var t = config.text();
    return KvCache.bytes(
        t.numLayers(), slots, t.numKvHeads(), capacity, t.headDim(), text.cacheType());
  }

  /** One vision pass: [Σ mergedTokens, outHidden] float32, attached to {@code out}. */
  public NDArray encodeVision(List<VisionInput> inputs, NDManager out) {
    try (NDScope scope = new NDScope()) {
      NDArray r = vision.encode(inputs, out);
      NDScope.unregister(r);
      r.attach(out);
      return r;
    }
  }

  /**
   * Prefills several prompts into their slots (one vision pass over all their media) and returns
   * each prompt's next-token logits.
   *
   * @param want per sequence, whether the full logits row is needed (else only the argmax)
   */
  public NextTokens prefill(KvCache cache, List<PrefillSequence> seqs, boolean[] want) {
    return new Prefill(this, cache).run(seqs, want, null);
  }

  /** As {@link #prefill}, with the argmax taken after a repetition penalty on the device. */
  public NextTokens prefill(
      KvCache cache, List<PrefillSequence> seqs, boolean[] want, DevicePenalty penalty) {
    return new Prefill(this, cache).run(seqs, want, penalty);
  }

  /**
   * One decode step: appends {@code tokens[i]} to slot {@code slots[i]} (positions continue from
   * each slot's length and rope delta) and returns the logits of the following token.
   */
  public NextTokens decode(KvCache cache, int[] slots, int[] tokens, boolean[] want) {
    return new Decode(this, cache).run(slots, tokens, want, null);
  }

  /** As {@link #decode}, with the argmax taken after a repetition penalty on the device. */
  public NextTokens decode(
      KvCache cache, int[] slots, int[] tokens, boolean[] want, DevicePenalty penalty) {
    return new Decode(this, cache).run(slots, tokens, want, penalty);
  }

  VisionTower vision() {
    return vision;
  }

  TextModel text() {
    return text;
  }

  NDManager manager() {
    return manager;
  }

  private static String revision(Path dir, Checkpoint ckpt) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(dir.resolve("config.json")));
      for (byte[] h : ckpt.headers()) {
        md.update(h);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (Exception e) {
      throw new IllegalStateException("cannot hash the checkpoint in " + dir + ": " + e, e);
    }
  }

  @Override
  public synchronized void close() {
    for (KvCache c : caches) {
      c.close();
    }
    caches.clear();
    manager.close();
  }
}
