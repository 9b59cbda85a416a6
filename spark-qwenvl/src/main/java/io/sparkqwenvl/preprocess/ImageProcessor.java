package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import java.util.List;

/**
 * Image → {@link VisionInput} as qwen-vl-utils' {@code fetch_image} + the transformers processor
 * prepare it: smart_resize in the qwen-vl-utils form (sides under 28 pixels are grown, not refused;
 * bounds from the options, else the checkpoint's preprocessor_config.json), one PIL bicubic
 * resample on uint8, rescale + normalize, patch flattening. Aspect ratios over 200 are refused
 * ({@link MediaException.Reason#ASPECT_RATIO}).
 */
public final class ImageProcessor {

  private ImageProcessor() {}

  /** Preprocesses an already decoded image. */
  public static VisionInput process(
      String id, RgbImage image, MediaOptions opts, PreprocessorConfig cfg) throws MediaException {
    MediaOptions o = opts == null ? MediaOptions.DEFAULTS : opts;
    double min = o.minPixels() != null ? o.minPixels() : cfg.minPixels();
    double max = o.maxPixels() != null ? o.maxPixels() : cfg.maxPixels();
    SmartResize.Size s =
        SmartResize.lenient(
            id, image.height(), image.width(), cfg.patchSize() * cfg.mergeSize(), min, max);
    RgbImage resized = image.resizePil(s.width(), s.height());
    float[] pv =
        PatchFlattener.flatten(
            List.of(resized), cfg, PatchFlattener.Normalization.RESCALE_THEN_NORMALIZE);
    int p = cfg.patchSize();
    return new VisionInput(
        VisionInput.Kind.IMAGE,
        pv,
        1,
        s.height() / p,
        s.width() / p,
        0.0,
        image.width(),
        image.height(),
        s.width(),
        s.height(),
        new double[0]);
  }

  /** Decodes and preprocesses encoded image bytes. */
  public static VisionInput process(
      String id, byte[] bytes, MediaOptions opts, PreprocessorConfig cfg) throws MediaException {
    boolean onWhite = opts == null || opts.alphaOnWhite() == null || opts.alphaOnWhite();
    return process(id, ImageDecoder.decode(id, bytes, onWhite), opts, cfg);
  }
}
