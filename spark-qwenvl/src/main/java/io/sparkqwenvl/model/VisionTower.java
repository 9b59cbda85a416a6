package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.sparkqwenvl.model.QwenVlConfig.VisionConfig;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.List;

/**
 * The Qwen2.5-VL vision tower (fact sheet §4), float32 except for the float16 linears and MLP
 * activation of {@link Precision#FP16_MIXED} (same overflow-proof rules as the language model):
 * pixel rows uploaded in window order ({@link PixelUpload}), patch embedding as a matmul, 2-D
 * rotary tables, window reordering of 2×2 merge groups, blocks with windowed or per-frame
 * attention, the patch merger (exact-erf GELU), then the inverse window order. Attention is
 * block-diagonal: each window or frame is attended on its own, windows of equal length batched into
 * one [n, heads, len, hd] attention; nothing crosses images or frame pairs.
 */
final class VisionTower implements AutoCloseable {

  private final VisionConfig cfg;
  private final NDArray patchEmbed; // [Hv, patchDim] FLOAT32
  private final NDArray[] norm1; // per block [Hv]
  private final NDArray[] norm2; // per block [Hv]
  private final Linear[] qkv; // per block [3Hv, Hv] + [3Hv]
  private final Linear[] proj; // per block [Hv, Hv] + [Hv]
  private final GatedMlp[] mlp; // per block gate/up [2I, Hv] + [2I], down [Hv, I] + [Hv]
  private final NDArray lnQ; // [Hv]
  private final Linear mlp0; // [4Hv, 4Hv] + [4Hv]
  private final Linear mlp2; // [out, 4Hv] + [out]
  private final NDIndex rotate; // "..., {perm}" over the vision head_dim

  VisionTower(VisionConfig cfg, WeightSource src, boolean half, NDManager m) {
    this.cfg = cfg;
    DataType f = DataType.FLOAT32;
    long hv = cfg.hiddenSize();
    long inter = cfg.intermediateSize();
    long merged = hv * cfg.spatialMergeSize() * cfg.spatialMergeSize();
    patchEmbed =
        src.get(
                "visual.patch_embed.proj.weight",
                new long[] {
                  hv, cfg.inChannels(), cfg.temporalPatchSize(), cfg.patchSize(), cfg.patchSize()
                },
                f,
                m)
            .reshape(hv, cfg.patchDim());
    int d = cfg.depth();
    norm1 = new NDArray[d];
    norm2 = new NDArray[d];
    qkv = new Linear[d];
    proj = new Linear[d];
    mlp = new GatedMlp[d];
    for (int i = 0; i < d; i++) {
      String p = "visual.blocks." + i + ".";
      norm1[i] = src.get(p + "norm1.weight", new long[] {hv}, f, m);
      norm2[i] = src.get(p + "norm2.weight", new long[] {hv}, f, m);
      qkv[i] =
          new Linear(
              qScaled(src.get(p + "attn.qkv.weight", new long[] {3 * hv, hv}, f, m), hv),
              qScaled(src.get(p + "attn.qkv.bias", new long[] {3 * hv}, f, m), hv),
              half,
              Linear.normBound(norm1[i], hv));
      proj[i] =
          new Linear(
              src.get(p + "attn.proj.weight", new long[] {hv, hv}, f, m),
              src.get(p + "attn.proj.bias", new long[] {hv}, f, m),
              half);
      Linear gateUp =
          new Linear(
              WeightFolds.cat(
                  src.get(p + "mlp.gate_proj.weight", new long[] {inter, hv}, f, m),
                  src.get(p + "mlp.up_proj.weight", new long[] {inter, hv}, f, m)),
              WeightFolds.cat(
                  src.get(p + "mlp.gate_proj.bias", new long[] {inter}, f, m),
                  src.get(p + "mlp.up_proj.bias", new long[] {inter}, f, m)),
              half,
              Linear.normBound(norm2[i], hv));
      Linear down =
          new Linear(
              src.get(p + "mlp.down_proj.weight", new long[] {hv, inter}, f, m),
              src.get(p + "mlp.down_proj.bias", new long[] {hv}, f, m),
              half);
      mlp[i] = new GatedMlp(gateUp, down, inter);
    }
    lnQ = src.get("visual.merger.ln_q.weight", new long[] {hv}, f, m);
    mlp0 =
        new Linear(
            src.get("visual.merger.mlp.0.weight", new long[] {merged, merged}, f, m),
            src.get("visual.merger.mlp.0.bias", new long[] {merged}, f, m),
            half,
            Linear.normBound(lnQ, hv));
    mlp2 =
        new Linear(
            src.get("visual.merger.mlp.2.weight", new long[] {cfg.outHiddenSize(), merged}, f, m),
            src.get("visual.merger.mlp.2.bias", new long[] {cfg.outHiddenSize()}, f, m),
            half);
    rotate = new NDIndex("..., {}", m.create(RotaryTables.rotatePerm(cfg.headDim())));
  }

  /** Multiplies the q rows [0, hv) of a fused q/k/v weight or bias by 1/√head_dim (in place). */
  private NDArray qScaled(NDArray qkvParam, long hv) {
    NDIndex q = new NDIndex(":" + hv);
    try (NDScope ignored = new NDScope()) {
      qkvParam.set(q, qkvParam.get(q).mul((float) (1 / Math.sqrt(cfg.headDim()))));
    }
    return qkvParam;
  }

  /**
   * Encodes media into merged tokens [sum of mergedTokens, outHidden] float32, items in order,
   * tokens in natural (t, row, column) order, attached to {@code m}. Every temporary (per-pass
   * tables, each block's activations) is freed before returning: only the residual stream [N, Hv]
   * crosses blocks.
   */
  NDArray encode(List<VisionInput> inputs, NDManager m) {
    for (VisionInput v : inputs) {
      check(v);
    }
    VisionLayout lay = new VisionLayout(inputs, cfg);
    NDArray y;
    try (NDScope pass = new NDScope()) {
      int n = lay.patches;
      StageClock.start(null);
      NDArray x = Scopes.keep(m, () -> embedPatches(inputs, lay, m)); // [N, Hv] in window order
      StageClock.lap("vision.embed", x);
      int hd = cfg.headDim();
      float[][] cs = RotaryTables.vision(lay.hpos, lay.wpos, hd);
      NDArray cos = m.create(cs[0], new Shape(n, 1, hd));
      NDArray sin = m.create(cs[1], new Shape(n, 1, hd));
      SegmentAttention.Groups windows = new SegmentAttention.Groups(lay.windowGroups, n, m);
      SegmentAttention.Groups frames = new SegmentAttention.Groups(lay.frameGroups, n, m);
      for (int i = 0; i < cfg.depth(); i++) {
        NDArray in = x;
        int b = i;
        SegmentAttention.Groups g = cfg.isFullAttention(i) ? frames : windows;
        x = Scopes.keep(m, () -> block(in, cos, sin, g, b));
        in.close();
      }
      NDArray h = x;
      StageClock.start(h);
      y = StageClock.lap("vision.merge", Scopes.keep(m, () -> merge(h, lay, m)));
      h.close();
      NDScope.unregister(y);
    }
    NDScope.register(y);
    return y;
  }

  /** Pixel rows [N, patchDim] in window order → patch embeddings [N, Hv]. */
  private NDArray embedPatches(List<VisionInput> inputs, VisionLayout lay, NDManager m) {
    NDArray x = PixelUpload.upload(inputs, lay.patchOrder, cfg.patchDim(), m);
    return x.matMul(patchEmbed.transpose());
  }

  private NDArray block(NDArray x, NDArray cos, NDArray sin, SegmentAttention.Groups g, int i) {
    StageClock.start(x);
    NDArray n1 = StageClock.lap("vision.norm", Norms.rms(x, norm1[i], 1e-6f));
    NDArray att = attention(n1, cos, sin, g, i);
    NDArray y = StageClock.lap("vision.proj", x.add(proj[i].apply(att)));
    NDArray n2 = StageClock.lap("vision.norm", Norms.rms(y, norm2[i], 1e-6f));
    NDArray r = StageClock.lap("vision.down", y.add(mlp[i].apply(n2, "vision.")));
    LayerProbe.fire();
    return r;
  }

  /** The patch merger: [N, Hv] in window order → [N/4, outHidden] in natural order. */
  private NDArray merge(NDArray x, VisionLayout lay, NDManager m) {
    int unit = cfg.spatialMergeSize() * cfg.spatialMergeSize();
    NDArray y =
        Norms.rms(x, lnQ, 1e-6f).reshape(lay.patches / unit, (long) unit * cfg.hiddenSize());
    y = mlp2.apply(mlp0.apply(y).getNDArrayInternal().gelu());
    return y.get(new NDIndex("{}", m.create(lay.inverseMerged)));
  }

  private NDArray attention(
      NDArray x, NDArray cos, NDArray sin, SegmentAttention.Groups groups, int block) {
    int n = (int) x.getShape().get(0);
    int heads = cfg.numHeads();
    int hd = cfg.headDim();
    NDList parts = qkv[block].apply(x).split(new long[] {2L * heads * hd}, 1);
    StageClock.lap("vision.qkv", parts.get(1));
    NDArray qk = parts.get(0).reshape(n, 2L * heads, hd);
    qk = qk.mul(cos).add(qk.get(rotate).mul(sin));
    NDArray all = StageClock.lap("vision.rope", qk.concat(parts.get(1).reshape(n, heads, hd), 1));
    String stage = groups.single ? "vision.attn.full" : "vision.attn.window";
    return StageClock.lap(stage, SegmentAttention.apply(all, groups, heads, hd, x.getManager()));
  }

  private void check(VisionInput v) {
    int m = cfg.spatialMergeSize();
    if (v.gridH() % m != 0
        || v.gridW() % m != 0
        || v.pixelValues().length != (long) v.patchCount() * cfg.patchDim()) {
      throw new IllegalArgumentException(
          "vision input grid ["
              + v.gridT()
              + ", "
              + v.gridH()
              + ", "
              + v.gridW()
              + "] with "
              + v.pixelValues().length
              + " values does not fit patch dim "
              + cfg.patchDim()
              + " and merge size "
              + m);
    }
  }

  @Override
  public void close() {
    patchEmbed.close();
    for (int i = 0; i < qkv.length; i++) {
      norm1[i].close();
      norm2[i].close();
      qkv[i].close();
      proj[i].close();
      mlp[i].close();
    }
    lnQ.close();
    mlp0.close();
    mlp2.close();
  }
}
