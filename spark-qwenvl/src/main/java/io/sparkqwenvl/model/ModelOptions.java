package io.sparkqwenvl.model;

import ai.djl.Device;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how a model runs.
 *
 * @param device "cpu", "gpu" or "gpu:N"
 * @param precision numeric policy; FP32 on CPU
 */
public record ModelOptions(String device, Precision precision) {

  public ModelOptions {
    Objects.requireNonNull(precision, "precision");
    device = device == null ? "cpu" : device.trim().toLowerCase(Locale.ROOT);
    if (!device.equals("cpu") && !device.equals("gpu") && !device.matches("gpu:\\d+")) {
      throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, got '" + device + "'");
    }
  }

  /** CPU, float32. */
  public static ModelOptions cpu() {
    return new ModelOptions("cpu", Precision.FP32);
  }

  /** First GPU, float16 weights with float32 accumulation paths. */
  public static ModelOptions gpu() {
    return new ModelOptions("gpu", Precision.FP16_MIXED);
  }

  /** The DJL device. */
  public Device djlDevice() {
    if (device.equals("cpu")) {
      return Device.cpu();
    }
    int id = device.equals("gpu") ? 0 : Integer.parseInt(device.substring(4));
    return Device.gpu(id);
  }
}
