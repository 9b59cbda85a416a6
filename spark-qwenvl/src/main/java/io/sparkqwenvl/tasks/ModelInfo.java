package io.sparkqwenvl.tasks;

/**
 * What produced an annotation (recorded next to results).
 *
 * @param modelId the id the annotator was opened with ("tiny", a directory, a hub id)
 * @param revision hash of config + weight headers ({@code QwenVlModel.revision()})
 * @param device "cpu", "gpu" or "gpu:N"
 * @param precision FP32 or FP16_MIXED
 */
public record ModelInfo(String modelId, String revision, String device, String precision) {}
