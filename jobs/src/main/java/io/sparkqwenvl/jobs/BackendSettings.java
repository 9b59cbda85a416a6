package io.sparkqwenvl.jobs;

import java.io.Serializable;

/**
 * Model settings shipped to executors.
 *
 * @param model tiny, a folder, or a Hugging Face id
 * @param device auto, cpu, gpu, gpu:N
 * @param precision auto, fp32 or fp16
 */
public record BackendSettings(String model, String device, String precision)
    implements Serializable {

  /** The settings of a job's arguments. */
  public static BackendSettings of(AnnotateArgs a) {
    return new BackendSettings(a.model(), a.device(), a.precision());
  }
}
