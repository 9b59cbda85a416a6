package io.sparkqwenvl.cli;

import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.model.QwenVlConfig;
import io.sparkqwenvl.preprocess.MediaException;
import io.sparkqwenvl.preprocess.SmartResize;
import io.sparkqwenvl.preprocess.VisionInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's requests: synthetic images of one size (normalized pixel values drawn from a
 * seeded normal distribution) behind Qwen's default one-image caption prompt, each generating
 * exactly {@code newTokens} tokens greedily. A few distinct pixel arrays are cycled so that 64+
 * images of 1280x720 (22 MB of floats each) do not fill the heap.
 */
final class SyntheticWorkload {
  // <|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>
  static final int[] PREFIX = {
    151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198, 151652
  };
  // <|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n
  static final int[] SUFFIX = {151653, 74785, 419, 2168, 13, 151645, 198, 151644, 77091, 198};
  private static final int DISTINCT_IMAGES = 4;

  final int gridH;
  final int gridW;
  final int mergedTokens;
  final List<EngineRequest> requests;

  SyntheticWorkload(QwenVlConfig cfg, int images, int width, int height, int newTokens, long seed) {
    var v = cfg.vision();
    int factor = v.patchSize() * v.spatialMergeSize();
    SmartResize.Size size;
    try {
      size = SmartResize.strict("synthetic", height, width, factor, 56 * 56, 14 * 14 * 4 * 1280);
    } catch (MediaException e) {
      throw new IllegalArgumentException("--size " + width + "x" + height + ": " + e.getMessage());
    }
    gridH = size.height() / v.patchSize();
    gridW = size.width() / v.patchSize();
    int patches = gridH * gridW;
    Random rnd = new Random(seed);
    List<float[]> pixels = new ArrayList<>();
    for (int i = 0; i < Math.min(images, DISTINCT_IMAGES); i++) {
      float[] px = new float[patches * v.patchDim()]; // [patches, 1176]
      for (int j = 0; j < px.length; j++) {
        px[j] = (float) rnd.nextGaussian();
      }
      pixels.add(px);
    }
    mergedTokens = patches / (v.spatialMergeSize() * v.spatialMergeSize());
    int[] prompt = prompt(cfg.imageTokenId(), mergedTokens);
    GenerationConfig gen = GenerationConfig.greedy(newTokens).withIgnoreEos(true);
    requests = new ArrayList<>(images);
    for (int i = 0; i < images; i++) {
      VisionInput img =
          new VisionInput(
              VisionInput.Kind.IMAGE,
              pixels.get(i % pixels.size()),
              1,
              gridH,
              gridW,
              0,
              width,
              height,
              size.width(),
              size.height(),
              null);
      requests.add(new EngineRequest(prompt, List.of(img), gen, null));
    }
  }

  static int[] prompt(int imageTokenId, int mergedTokens) {
    int[] ids = new int[PREFIX.length + mergedTokens + SUFFIX.length];
    System.arraycopy(PREFIX, 0, ids, 0, PREFIX.length);
    Arrays.fill(ids, PREFIX.length, PREFIX.length + mergedTokens, imageTokenId);
    System.arraycopy(SUFFIX, 0, ids, PREFIX.length + mergedTokens, SUFFIX.length);
    return ids;
  }

  int promptTokens() {
    return requests.get(0).promptTokenIds().length;
  }
}
