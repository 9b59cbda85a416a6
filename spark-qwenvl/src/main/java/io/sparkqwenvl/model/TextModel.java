package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
 * <p>Native calls per layer per decode step (FP32): RMSNorm 6, fused qkv 1, split 1, reshape 1,
 * RoPE 4 (mul, gather, mul, add), split 1, q/k/v transposes and reshapes 5, cache write 2 + read 2
 * (+2 reshapes), scores 7 (transpose, matmul, scale, reshape, mask, softmax, reshape), weighted sum
 * 1, merge heads 3, o_proj 1, residual 1, RMSNorm 6, fused gate/up 1, split 1, SiLU 2, product 1,
 * down 1, residual 1: 51, of which about 14 are views (no kernel launch). FP16_MIXED adds 7 per
 * linear (scale, cast, unscale) and 6 for the float16 cache: about 85. Index arrays, masks and RoPE
 * tables are built once per step ({@link AttentionStep}) and shared by all layers.
 */
final class TextModel implements AutoCloseable {

  private final TextConfig cfg;
  private final NDArray embed; // [vocab, H] FLOAT32 (FP32) or FLOAT16 (FP16_MIXED)
  private final Linear[] qkv; // per layer [q+2kv, H] + bias [q+2kv]
  private final Linear[] out; // per layer [H, q]
  private final Linear[] gateUp; // per layer [2I, H]
  private final Linear[] down; // per layer [H, I]
  private final NDArray[] inNorm; // per layer [H] FLOAT32
  private final NDArray[] postNorm; // per layer [H] FLOAT32
  private final NDArray finalNorm; // [H] FLOAT32
  private final Linear lmHead; // [vocab, H]; shares embed when tied
  private final NDIndex rotate; // "..., {perm}" over head_dim
  private final boolean tied;
  private final DataType cacheType;
  private final float eps;

  TextModel(TextConfig cfg, WeightSource src, Precision precision, NDManager m) {
    this.cfg = cfg;
    boolean half = precision == Precision.FP16_MIXED;
    // Loaded as float32; Linear converts to float16 only where that cannot overflow.
    DataType wt = DataType.FLOAT32;
    this.cacheType = half ? DataType.FLOAT16 : DataType.FLOAT32;
    this.eps = (float) cfg.rmsNormEps();
    long h = cfg.hiddenSize();
    long q = (long) cfg.numHeads() * cfg.headDim();
    long kv = (long) cfg.numKvHeads() * cfg.headDim();
    long inter = cfg.intermediateSize();
    int n = cfg.numLayers();
    qkv = new Linear[n];
    out = new Linear[n];
    gateUp = new Linear[n];
    down = new Linear[n];
    inNorm = new NDArray[n];
    postNorm = new NDArray[n];
    for (int i = 0; i < n; i++) {
      String p = "model.layers." + i + ".";
      inNorm[i] = src.get(p + "input_layernorm.weight", new long[] {h}, DataType.FLOAT32, m);
      postNorm[i] =
          src.get(p + "post_attention_layernorm.weight", new long[] {h}, DataType.FLOAT32, m);
      qkv[i] =
          new Linear(
              cat(
                  m,
                  src.get(p + "self_attn.q_proj.weight", new long[] {q, h}, wt, m),
                  src.get(p + "self_attn.k_proj.weight", new long[] {kv, h}, wt, m),
                  src.get(p + "self_attn.v_proj.weight", new long[] {kv, h}, wt, m)),
              cat(
                  m,
                  src.get(p + "self_attn.q_proj.bias", new long[] {q}, DataType.FLOAT32, m),
                  src.get(p + "self_attn.k_proj.bias", new long[] {kv}, DataType.FLOAT32, m),
                  src.get(p + "self_attn.v_proj.bias", new long[] {kv}, DataType.FLOAT32, m)),
              half,
              Linear.normBound(inNorm[i], h));
      out[i] =
          new Linear(src.get(p + "self_attn.o_proj.weight", new long[] {h, q}, wt, m), null, half);
      gateUp[i] =
          new Linear(
              cat(
                  m,
                  src.get(p + "mlp.gate_proj.weight", new long[] {inter, h}, wt, m),
                  src.get(p + "mlp.up_proj.weight", new long[] {inter, h}, wt, m)),
              null,
              half,
              Linear.normBound(postNorm[i], h));
      down[i] =
          new Linear(src.get(p + "mlp.down_proj.weight", new long[] {h, inter}, wt, m), null, half);
    }
    finalNorm = src.get("model.norm.weight", new long[] {h}, DataType.FLOAT32, m);
    long[] vh = {cfg.vocabSize(), h};
    embed = halfIfFinite(src.get("model.embed_tokens.weight", vh, DataType.FLOAT32, m), half);
    tied = cfg.tieWordEmbeddings() || !src.has("lm_head.weight");
    float headBound = Linear.normBound(finalNorm, h);
    lmHead =
        tied
            ? new Linear(embed, null, half, headBound)
            : new Linear(src.get("lm_head.weight", vh, wt, m), null, half, headBound);
    rotate = new NDIndex("..., {}", m.create(RotaryTables.rotatePerm(cfg.headDim())));
  }

  /** float16 copy of an embedding table when every value fits, else the float32 table. */
  private static NDArray halfIfFinite(NDArray table, boolean half) {
    if (!half) {
      return table;
    }
    float max;
    try (NDScope ignored = new NDScope()) {
      max = table.abs().max().getFloat();
    }
    if (max >= 65504f) {
      return table;
    }
    NDArray h = table.toType(DataType.FLOAT16, false);
    table.close();
    return h;
  }

  private static NDArray cat(NDManager m, NDArray... parts) {
    NDList list = new NDList(parts);
    NDArray c = NDArrays.concat(list, 0);
    list.close();
    return c;
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
   * the final hidden states [B, L, H] (after the final norm).
   */
  NDArray layers(NDArray x, AttentionStep step, KvCache cache) {
    for (int i = 0; i < cfg.numLayers(); i++) {
      NDArray a = attention(Norms.rms(x, inNorm[i], eps), step, cache, i);
      x = x.add(out[i].apply(a));
      NDList gu = gateUp[i].apply(Norms.rms(x, postNorm[i], eps)).split(2, 2);
      NDArray g = gu.get(0);
      NDArray act = g.mul(g.getNDArrayInternal().sigmoid()).mul(gu.get(1));
      x = x.add(down[i].apply(act));
    }
    return Norms.rms(x, finalNorm, eps);
  }

  /** Logits [n, vocab] float32 of hidden rows [n, H]. */
  NDArray logits(NDArray hidden) {
    return lmHead.apply(hidden);
  }

  private NDArray attention(NDArray x, AttentionStep s, KvCache cache, int layer) {
    int hd = cfg.headDim();
    int heads = cfg.numHeads();
    int kvh = cfg.numKvHeads();
    int g = cfg.groups();
    NDList parts = qkv[layer].apply(x).split(new long[] {(long) (heads + kvh) * hd}, 2);
    NDArray qk = parts.get(0).reshape(s.batch, s.len, heads + kvh, hd);
    qk = qk.mul(s.cos).add(qk.get(rotate).mul(s.sin));
    NDList qkParts = qk.split(new long[] {heads}, 2);
    // [B, L, heads, hd] -> [B, kvH, g*L, hd]
    NDArray q = qkParts.get(0).transpose(0, 2, 1, 3).reshape(s.batch, kvh, (long) g * s.len, hd);
    NDArray k = qkParts.get(1).transpose(0, 2, 1, 3); // [B, kvH, L, hd]
    NDArray v = parts.get(1).reshape(s.batch, s.len, kvh, hd).transpose(0, 2, 1, 3);
    NDArray keys;
    NDArray values;
    if (s.decode) {
      cache.keys(layer).set(s.writeIndex, toCache(k.reshape(s.batch, kvh, hd)));
      cache.values(layer).set(s.writeIndex, toCache(v.reshape(s.batch, kvh, hd)));
      keys = fromCache(cache.keys(layer).get(s.readIndex)); // [B, kvH, T, hd]
      values = fromCache(cache.values(layer).get(s.readIndex));
    } else {
      cache.keys(layer).set(s.writeIndex, toCache(k));
      cache.values(layer).set(s.writeIndex, toCache(v));
      keys = k;
      values = v;
    }
    NDArray scores =
        q.matMul(keys.transpose(0, 1, 3, 2))
            .mul(s.scale)
            .reshape(s.batch, kvh, g, s.len, s.keys)
            .add(s.mask)
            .softmax(-1)
            .reshape(s.batch, kvh, (long) g * s.len, s.keys);
    NDArray o = scores.matMul(values); // [B, kvH, g*L, hd]
    return o.reshape(s.batch, heads, s.len, hd)
        .transpose(0, 2, 1, 3)
        .reshape(s.batch, s.len, (long) heads * hd);
  }

  private NDArray toCache(NDArray a) {
    return cacheType == DataType.FLOAT32 ? a : a.clip(-65504f, 65504f).toType(cacheType, false);
  }

  private NDArray fromCache(NDArray a) {
    return cacheType == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
  }

  @Override
  public void close() {
    for (int i = 0; i < qkv.length; i++) {
      qkv[i].close();
      out[i].close();
      gateUp[i].close();
      down[i].close();
      inNorm[i].close();
      postNorm[i].close();
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
   * @param mask [B, 1, 1, L, T] additive float32 (0 or -1e30)
   * @param writeIndex where this step's keys/values go in each layer's cache
   * @param readIndex decode only: the cache region [B, kvH, T, hd] to attend over
   * @param decode true for a decode step
   * @param scale 1/sqrt(head_dim)
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
      boolean decode,
      float scale) {}

  /** Builds [B, L, 1, hd] float32 tables from host arrays. */
  static NDArray table(NDManager m, float[] values, int batch, int len, int hd) {
    return m.create(values, new Shape(batch, len, 1, hd));
  }
}
