package io.sparkqwenvl.cli;

import io.sparkqwenvl.engine.EngineStats;
import io.sparkqwenvl.model.StageClock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON line of {@code qwenvl bench}: throughput, prompt shape, phase times, memory. */
final class BenchReport {
  private BenchReport() {}

  static Map<String, Object> of(
      BenchArgs a,
      SyntheticWorkload w,
      EngineStats s,
      double seconds,
      double visionFlopsPerImage,
      long peakDeviceBytes,
      String deviceName) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", "spark-qwenvl QwenVlEngine (DJL PyTorch)");
    m.put("model", a.model());
    m.put("images", a.images());
    m.put("size", a.width() + "x" + a.height());
    m.put("new_tokens", a.newTokens());
    m.put("images_per_s", a.images() / seconds);
    m.put("output_tokens_per_s", s.outputTokens() / seconds);
    m.put("prompt_tokens_per_image", w.promptTokens());
    m.put("visual_tokens_per_image", w.mergedTokens);
    double visionSeconds = s.visionNanos() / 1e9;
    m.put(
        "vision_tflops",
        visionSeconds == 0 ? 0 : visionFlopsPerImage * a.images() / visionSeconds / 1e12);
    m.put("vision_s", visionSeconds);
    m.put("prefill_s", s.prefillNanos() / 1e9);
    m.put("decode_s", s.decodeNanos() / 1e9);
    m.put("total_s", seconds);
    m.put("decode_steps", s.steps());
    m.put("mean_decode_batch", s.meanBatchSize());
    m.put("batch_occupancy", s.batchOccupancy());
    m.put("padding_waste_pct", s.paddingWastePercent());
    m.put("prefills", s.prefills());
    m.put("oom_splits", s.oomSplits());
    m.put("failed", s.failed());
    m.put("output_tokens", s.outputTokens());
    m.put("batch", a.batch());
    m.put("lanes", a.lanes());
    m.put("peak_device_memory_gb", peakDeviceBytes / 1e9);
    m.put("device", deviceName);
    m.put("precision", a.precision());
    if (StageClock.enabled()) {
      m.put("stages_ms", StageClock.millis());
    }
    return m;
  }
}
