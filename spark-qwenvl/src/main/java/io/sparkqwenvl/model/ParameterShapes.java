package io.sparkqwenvl.model;

import io.sparkqwenvl.model.QwenVlConfig.TextConfig;
import io.sparkqwenvl.model.QwenVlConfig.VisionConfig;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Expected hub tensor name → shape of a checkpoint of a given architecture (facts §4, §5). */
public final class ParameterShapes {

  private ParameterShapes() {}

  /** Every tensor of the checkpoint, sorted by name; {@code lm_head.weight} only when untied. */
  public static SortedMap<String, long[]> of(QwenVlConfig c) {
    SortedMap<String, long[]> m = new TreeMap<>();
    TextConfig t = c.text();
    long h = t.hiddenSize();
    long q = (long) t.numHeads() * t.headDim();
    long kv = (long) t.numKvHeads() * t.headDim();
    long inter = t.intermediateSize();
    m.put("model.embed_tokens.weight", new long[] {t.vocabSize(), h});
    m.put("model.norm.weight", new long[] {h});
    if (!t.tieWordEmbeddings()) {
      m.put("lm_head.weight", new long[] {t.vocabSize(), h});
    }
    for (int i = 0; i < t.numLayers(); i++) {
      textLayer(m, "model.layers." + i + ".", h, q, kv, inter);
    }
    VisionConfig v = c.vision();
    long hv = v.hiddenSize();
    m.put(
        "visual.patch_embed.proj.weight",
        new long[] {hv, v.inChannels(), v.temporalPatchSize(), v.patchSize(), v.patchSize()});
    for (int i = 0; i < v.depth(); i++) {
      visionBlock(m, "visual.blocks." + i + ".", hv, v.intermediateSize());
    }
    long merged = hv * v.spatialMergeSize() * v.spatialMergeSize();
    m.put("visual.merger.ln_q.weight", new long[] {hv});
    m.put("visual.merger.mlp.0.weight", new long[] {merged, merged});
    m.put("visual.merger.mlp.0.bias", new long[] {merged});
    m.put("visual.merger.mlp.2.weight", new long[] {v.outHiddenSize(), merged});
    m.put("visual.merger.mlp.2.bias", new long[] {v.outHiddenSize()});
    return m;
  }

  /** Total number of parameters. */
  public static long count(QwenVlConfig c) {
    long n = 0;
    for (long[] s : of(c).values()) {
      n += numel(s);
    }
    return n;
  }

  /** Product of the dimensions. */
  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  static void textLayer(Map<String, long[]> m, String p, long h, long q, long kv, long inter) {
    m.put(p + "self_attn.q_proj.weight", new long[] {q, h});
    m.put(p + "self_attn.q_proj.bias", new long[] {q});
    m.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
    m.put(p + "self_attn.k_proj.bias", new long[] {kv});
    m.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
    m.put(p + "self_attn.v_proj.bias", new long[] {kv});
    m.put(p + "self_attn.o_proj.weight", new long[] {h, q});
    m.put(p + "mlp.gate_proj.weight", new long[] {inter, h});
    m.put(p + "mlp.up_proj.weight", new long[] {inter, h});
    m.put(p + "mlp.down_proj.weight", new long[] {h, inter});
    m.put(p + "input_layernorm.weight", new long[] {h});
    m.put(p + "post_attention_layernorm.weight", new long[] {h});
  }

  static void visionBlock(Map<String, long[]> m, String p, long hv, long inter) {
    m.put(p + "norm1.weight", new long[] {hv});
    m.put(p + "norm2.weight", new long[] {hv});
    m.put(p + "attn.qkv.weight", new long[] {3 * hv, hv});
    m.put(p + "attn.qkv.bias", new long[] {3 * hv});
    m.put(p + "attn.proj.weight", new long[] {hv, hv});
    m.put(p + "attn.proj.bias", new long[] {hv});
    m.put(p + "mlp.gate_proj.weight", new long[] {inter, hv});
    m.put(p + "mlp.gate_proj.bias", new long[] {inter});
    m.put(p + "mlp.up_proj.weight", new long[] {inter, hv});
    m.put(p + "mlp.up_proj.bias", new long[] {inter});
    m.put(p + "mlp.down_proj.weight", new long[] {hv, inter});
    m.put(p + "mlp.down_proj.bias", new long[] {hv});
  }
}
