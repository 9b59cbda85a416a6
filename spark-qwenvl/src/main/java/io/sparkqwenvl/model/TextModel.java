package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.sparkqwenvl.model.QwenVlConfig.TextConfig;

/**
 * The Qwen2 decoder (fact sheet §5.2–5.3): pre-norm layers with fused q/k/v (biased), MRoPE,
 * grouped-query attention over the {@link KvCache}, SiLU-gated MLP with fused gate/up, final norm
 * and lm_head. Works on batches of B sequences of L positions; a prefill has L = the longest prompt
 * (right padding, masked), a decode step has L = 1.
 *
 * <p>Folded at load: each layer's RMSNorm weights into the q/k/v and gate/up weights ({@code
 * (x̂⊙γ)·Wᵀ = x̂·(W⊙γ)ᵀ}), and the attention scale 1/√head_dim into the q rows (weight and bias;
 * RoPE is linear, so scaling before it equals scaling the scores).
 *
 * <p>Native memory: every layer runs in its own {@link Scopes scope}; only the residual stream [B,
 * L, H] crosses layers (keys/values are written in place into the preallocated cache).
 *
 * <p>Native calls per layer per decode step (FP32): RMSNorm 5, fused qkv 1, split 1, reshape 1,
 * RoPE 4 (mul, gather, mul, add), split 1, q/k/v reshapes 3 (with L = 1 heads need no transposes),
 * cache write 2 + read 2, scores 4 (transpose, matmul, mask, softmax), weighted sum 1, merge heads
 * 1, o_proj 1, residual 1, RMSNorm 5, fused gate/up 1, split 1, SiLU 2, product 1, down 1, residual
 * 1: 40 (51 before the folds and the L = 1 path), of which about 12 are views (no kernel launch).
 * FP16_MIXED adds per linear 2 when its input bound is proven (cast in, cast out) or 7 when the
 * input is scaled per row (see {@link Linear}), 1 for the q/k/v bias added in float32, and 4 for
 * the float16 cache (cast per write and per read) + 2 clamps unless the k/v bound is proven: 65
 * with q/k/v and gate/up bounded, o_proj and down scaled and the clamps (76 before), 53 when every
 * bound is proven. Index arrays, masks and RoPE tables are built once per step ({@link
 * AttentionStep}) and shared by all layers.
 */
final class TextModel implements AutoCloseable {

  private final TextConfig cfg;
  private final NDArray embed; // [vocab, H] FLOAT32 (FP32) or FLOAT16 (FP16_MIXED)
  private final Linear[] qkv; // per layer [q+2kv, H] + bias [q+2kv]; γ_in and q scale folded
  private final Linear[] out; // per layer [H, q]
  private final GatedMlp[] mlp; // per layer gate/up [2I, H] (γ_post folded), down [H, I]
  private final NDArray finalNorm; // [H] FLOAT32
  private final Linear lmHead; // [vocab, H]; shares embed when tied
  private final NDIndex rotate; // "..., {perm}" over head_dim
  private final boolean[] clampCache; // per layer: k/v not proven within ±65504 (FP16 cache)
  private final boolean tied;
  private final DataType cacheType;
  private final float eps;

  TextModel(TextConfig cfg, WeightSource src, Precision precision, NDManager m) {
    this.cfg = cfg;
    boolean half = precision == Precision.FP16_MIXED;
    this.cacheType = half ? DataType.FLOAT16 : DataType.FLOAT32;
    this.eps = (float) cfg.rmsNormEps();
    long h = cfg.hiddenSize();
    int n = cfg.numLayers();
    qkv = new Linear[n];
    out = new Linear[n];
    mlp = new GatedMlp[n];
    clampCache = new boolean[n];
    for (int i = 0; i < n; i++) {
      loadLayer(src, i, half, m);
    }
    finalNorm = src.get("model.norm.weight", new long[] {h}, DataType.FLOAT32, m);
    long[] vh = {cfg.vocabSize(), h};
    embed =
        WeightFolds.halfIfFinite(
            src.get("model.embed_tokens.weight", vh, DataType.FLOAT32, m), half);
    // Tied checkpoints (3B) may or may not store lm_head; an untied one without it is an error
    // (WeightSource.get names the file, the tensor and the expected shape).
    tied = cfg.tieWordEmbeddings();
    float headBound = Linear.normBound(finalNorm, h);
    lmHead =
        tied
            ? new Linear(embed, null, half, headBound)
            : new Linear(src.get("lm_head.weight", vh, DataType.FLOAT32, m), null, half, headBound);
    rotate = new NDIndex("..., {}", m.create(RotaryTables.rotatePerm(cfg.headDim())));
  }

  /** Loads layer {@code i} as float32; Linear converts to float16 only where that is safe. */
  private void loadLayer(WeightSource src, int i, boolean half, NDManager m) {
    DataType f = DataType.FLOAT32;
    long h = cfg.hiddenSize();
    long q = (long) cfg.numHeads() * cfg.headDim();
    long kv = (long) cfg.numKvHeads() * cfg.headDim();
    long inter = cfg.intermediateSize();
    String p = "model.layers." + i + ".";
    float unitBound = (float) Math.sqrt(h); // |RMSNorm(x)| without γ
    try (NDArray inNorm = src.get(p + "input_layernorm.weight", new long[] {h}, f, m);
        NDArray postNorm = src.get(p + "post_attention_layernorm.weight", new long[] {h}, f, m);
        NDArray rowScale = WeightFolds.qRowScale(m, q, kv, cfg.headDim())) {
      NDArray w =
          WeightFolds.cat(
              src.get(p + "self_attn.q_proj.weight", new long[] {q, h}, f, m),
              src.get(p + "self_attn.k_proj.weight", new long[] {kv, h}, f, m),
              src.get(p + "self_attn.v_proj.weight", new long[] {kv, h}, f, m));
      NDArray b =
          WeightFolds.cat(
              src.get(p + "self_attn.q_proj.bias", new long[] {q}, f, m),
              src.get(p + "self_attn.k_proj.bias", new long[] {kv}, f, m),
              src.get(p + "self_attn.v_proj.bias", new long[] {kv}, f, m));
      NDArray w0 = w;
      NDArray b0 = b;
      w =
          WeightFolds.replace(
              w0, Scopes.keep(m, () -> w0.mul(rowScale.reshape(q + 2 * kv, 1)).mul(inNorm)));
      b = WeightFolds.replace(b0, b0.mul(rowScale));
      // o_proj's input is a convex combination of value rows: |o| ≤ max_j |v_j|.
      float valueBound = WeightFolds.rowBound(w, b, q + kv, q + 2 * kv, unitBound);
      // RoPE keeps |k| ≤ √2·max|k_j| (|cos| + |sin| ≤ √2): the float16 cache needs no clamp below.
      float keyBound = (float) Math.sqrt(2) * WeightFolds.rowBound(w, b, q, q + kv, unitBound);
      clampCache[i] = half && Math.max(keyBound, valueBound) >= 65504f;
      qkv[i] = new Linear(w, b, half, unitBound);
      out[i] =
          new Linear(
              src.get(p + "self_attn.o_proj.weight", new long[] {h, q}, f, m),
              null,
              half,
              valueBound);
      NDArray gu =
          WeightFolds.cat(
              src.get(p + "mlp.gate_proj.weight", new long[] {inter, h}, f, m),
              src.get(p + "mlp.up_proj.weight", new long[] {inter, h}, f, m));
      gu = WeightFolds.replace(gu, gu.mul(postNorm));
      float gatedBound = WeightFolds.gatedBound(gu, inter, unitBound);
      Linear gateUp = new Linear(gu, null, half, unitBound);
      NDArray dw = src.get(p + "mlp.down_proj.weight", new long[] {h, inter}, f, m);
      mlp[i] = new GatedMlp(gateUp, new Linear(dw, null, half, gatedBound), inter);
    }
  }

  TextConfig config() {
    return cfg;
  }

  DataType cacheType() {
    return cacheType;
  }

  /** Embeds ids [n] → [n, H] float32. */
  NDArray embed(NDArray ids) {
    NDArray table = tied ? lmHead.weight() : embed;
    NDArray rows = table.get(new NDIndex("{}", ids));
    return rows.getDataType() == DataType.FLOAT32 ? rows : rows.toType(DataType.FLOAT32, false);
  }

  /**
   * Runs all layers on {@code x} [B, L, H] float32, writing keys/values into the cache, and returns
   * the residual stream after the last layer [B, L, H] (final norm not applied: see {@link
   * #logits}), attached to {@code owner} (the caller's per-call manager). Each layer's temporaries
   * are freed when it ends; {@code x} is left to its owner.
   */
  NDArray layers(NDArray x, AttentionStep step, KvCache cache, NDManager owner) {
    NDArray h = x;
    for (int i = 0; i < cfg.numLayers(); i++) {
      NDArray in = h;
      int layer = i;
      h = Scopes.keep(owner, () -> layer(in, step, cache, layer));
      if (in != x) {
        in.close();
      }
    }
    return h;
  }

  private NDArray layer(NDArray x, AttentionStep step, KvCache cache, int i) {
    String p = step.decode() ? "decode." : "prefill.";
    StageClock.start(x);
    NDArray att = attention(StageClock.lap(p, "norm", Norms.rms(x, eps)), step, cache, i);
    NDArray y = StageClock.lap(p, "o_proj", x.add(out[i].apply(att)));
    NDArray n2 = StageClock.lap(p, "norm", Norms.rms(y, eps));
    NDArray r = StageClock.lap(p, "down", y.add(mlp[i].apply(n2, p)));
    LayerProbe.fire();
    return r;
  }

  /** Final norm and lm_head: residual rows [n, H] → logits [n, vocab] float32. */
  NDArray logits(NDArray rows) {
    return Scopes.keep(rows.getManager(), () -> lmHead.apply(Norms.rms(rows, finalNorm, eps)));
  }

  private NDArray attention(NDArray x, AttentionStep s, KvCache cache, int layer) {
    int hd = cfg.headDim();
    int heads = cfg.numHeads();
    int kvh = cfg.numKvHeads();
    int g = cfg.groups();
    String p = s.decode ? "decode." : "prefill.";
    NDList parts = qkv[layer].apply(x).split(new long[] {(long) (heads + kvh) * hd}, 2);
    StageClock.lap(p, "qkv", parts.get(1));
    NDArray qk = parts.get(0).reshape(s.batch, s.len, heads + kvh, hd);
    qk = StageClock.lap(p, "rope", qk.mul(s.cos).add(qk.get(rotate).mul(s.sin)));
    NDList qkParts = qk.split(new long[] {heads}, 2);
    if (s.decode) {
      return StageClock.lap(
          p,
          "attn",
          decodeAttention(qkParts.get(0), qkParts.get(1), parts.get(1), s, cache, layer));
    }
    // [B, L, heads, hd] -> [B, kvH, g*L, hd]
    NDArray q = qkParts.get(0).transpose(0, 2, 1, 3).reshape(s.batch, kvh, (long) g * s.len, hd);
    NDArray k = qkParts.get(1).transpose(0, 2, 1, 3); // [B, kvH, L, hd]
    NDArray v = parts.get(1).reshape(s.batch, s.len, kvh, hd).transpose(0, 2, 1, 3);
    cache.keys(layer).set(s.writeIndex, toCache(k, layer));
    cache.values(layer).set(s.writeIndex, toCache(v, layer));
    NDArray scores =
        q.matMul(k.transpose(0, 1, 3, 2))
            .reshape(s.batch, kvh, g, s.len, s.keys)
            .add(s.mask)
            .softmax(-1)
            .reshape(s.batch, kvh, (long) g * s.len, s.keys);
    NDArray o = scores.matMul(v); // [B, kvH, g*L, hd]
    return StageClock.lap(
        p,
        "attn",
        o.reshape(s.batch, heads, s.len, hd)
            .transpose(0, 2, 1, 3)
            .reshape(s.batch, s.len, (long) heads * hd));
  }

  /**
   * L = 1: [B, 1, n, hd] has the memory layout of [B, n, hd], so heads are split and merged by
   * reshapes alone. q [B, 1, heads, hd], k [B, 1, kvH, hd], v [B, 1, kvH·hd] → [B, 1, heads·hd].
   */
  private NDArray decodeAttention(
      NDArray q, NDArray k, NDArray v, AttentionStep s, KvCache cache, int layer) {
    int hd = cfg.headDim();
    int kvh = cfg.numKvHeads();
    cache.keys(layer).set(s.writeIndex, toCache(k.reshape(s.batch, kvh, hd), layer));
    cache.values(layer).set(s.writeIndex, toCache(v.reshape(s.batch, kvh, hd), layer));
    NDArray keys = fromCache(cache.keys(layer).get(s.readIndex)); // [B, kvH, T, hd]
    NDArray values = fromCache(cache.values(layer).get(s.readIndex));
    NDArray p =
        q.reshape(s.batch, kvh, cfg.groups(), hd)
            .matMul(keys.transpose(0, 1, 3, 2))
            .add(s.mask)
            .softmax(-1); // [B, kvH, g, T]
    return p.matMul(values).reshape(s.batch, 1, (long) cfg.numHeads() * hd);
  }

  private NDArray toCache(NDArray a, int layer) {
    if (cacheType == DataType.FLOAT32) {
      return a;
    }
    NDArray c = clampCache[layer] ? a.clip(-65504f, 65504f) : a;
    return c.toType(cacheType, false);
  }

  private NDArray fromCache(NDArray a) {
    return cacheType == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
  }

  @Override
  public void close() {
    for (int i = 0; i < qkv.length; i++) {
      qkv[i].close();
      out[i].close();
      mlp[i].close();
    }
    finalNorm.close();
    lmHead.close();
    if (!tied) {
      embed.close();
    }
  }

  /**
   * Per-step inputs shared by every layer (built once per step).
   *
   * @param batch B
   * @param len L (1 when decoding)
   * @param keys T: key positions attended (L in prefill, max cached length + 1 in decode)
   * @param cos [B, L, 1, hd] float32
   * @param sin [B, L, 1, hd] float32, sign-adjusted
   * @param mask additive float32 (0 or -1e30): [B, 1, 1, L, T] in prefill, [B, 1, 1, T] in decode
   * @param writeIndex where this step's keys/values go in each layer's cache
   * @param readIndex decode only: the cache region [B, kvH, T, hd] to attend over
   * @param decode true for a decode step (L = 1)
   */
  record AttentionStep(
      int batch,
      int len,
      int keys,
      NDArray cos,
      NDArray sin,
      NDArray mask,
      NDIndex writeIndex,
      NDIndex readIndex,
      boolean decode) {}

  /** Builds [B, L, 1, hd] float32 tables from host arrays. */
  static NDArray table(NDManager m, float[] values, int batch, int len, int hd) {
    return m.create(values, new Shape(batch, len, 1, hd));
  }
}
