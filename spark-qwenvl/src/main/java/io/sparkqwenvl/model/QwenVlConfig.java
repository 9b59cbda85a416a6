package io.sparkqwenvl.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.runtime.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Architecture of a Qwen2.5-VL checkpoint, read from the hub {@code config.json}.
 *
 * <p>Two layouts are accepted: the published one (LLM fields at the top level, {@code
 * vision_config} nested, {@code rope_scaling.mrope_section}) and the transformers-5 one ({@code
 * text_config} nested, {@code rope_parameters} holding {@code rope_theta} and {@code
 * mrope_section}). Hugging Face writes only the fields that differ from its class defaults, so a
 * missing key means "the default"; the defaults used here are documented per field in {@link
 * ConfigParser}: text fields take the class defaults (which are the real 72B values, so a config
 * saved by transformers round-trips), while the vision fields whose class default matches no real
 * checkpoint (hidden_size 3584, tokens_per_second 4) take the value every real checkpoint uses
 * (1280, 2).
 *
 * @param modelType always "qwen2_5_vl"
 * @param text language model
 * @param vision vision tower
 * @param imageTokenId {@code <|image_pad|>}
 * @param videoTokenId {@code <|video_pad|>}
 * @param visionStartTokenId {@code <|vision_start|>}
 * @param visionEndTokenId {@code <|vision_end|>}
 */
public record QwenVlConfig(
    String modelType,
    TextConfig text,
    VisionConfig vision,
    int imageTokenId,
    int videoTokenId,
    int visionStartTokenId,
    int visionEndTokenId) {

  /** The only supported model_type. */
  public static final String MODEL_TYPE = "qwen2_5_vl";

  /**
   * The Qwen2 decoder.
   *
   * @param hiddenSize residual width H
   * @param numLayers decoder layers
   * @param numHeads query heads
   * @param numKvHeads key/value heads (GQA; consecutive query heads share one)
   * @param headDim H / numHeads
   * @param intermediateSize MLP width
   * @param vocabSize embedding rows (and logits)
   * @param ropeTheta rotary base
   * @param rmsNormEps RMSNorm epsilon
   * @param mropeSection frequency split over (t, h, w); sums to headDim / 2
   * @param tieWordEmbeddings lm_head is embed_tokens
   * @param maxPositionEmbeddings informational
   */
  public record TextConfig(
      int hiddenSize,
      int numLayers,
      int numHeads,
      int numKvHeads,
      int headDim,
      int intermediateSize,
      int vocabSize,
      double ropeTheta,
      double rmsNormEps,
      int[] mropeSection,
      boolean tieWordEmbeddings,
      int maxPositionEmbeddings) {

    public TextConfig {
      mropeSection = mropeSection.clone();
      if (numHeads <= 0 || hiddenSize % numHeads != 0) {
        throw new IllegalArgumentException(
            "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
      }
      if (numKvHeads <= 0 || numHeads % numKvHeads != 0) {
        throw new IllegalArgumentException(
            "num_attention_heads "
                + numHeads
                + " is not a multiple of num_key_value_heads "
                + numKvHeads);
      }
      int sum = Arrays.stream(mropeSection).sum();
      if (mropeSection.length != 3 || sum * 2 != headDim) {
        throw new IllegalArgumentException(
            "mrope_section "
                + Arrays.toString(mropeSection)
                + " must have 3 entries summing to"
                + " head_dim/2 = "
                + headDim / 2);
      }
    }

    /** Query heads per KV head. */
    public int groups() {
      return numHeads / numKvHeads;
    }

    @Override
    public int[] mropeSection() {
      return mropeSection.clone();
    }
  }

  /**
   * The vision tower.
   *
   * @param depth blocks
   * @param hiddenSize width (1280 in every real checkpoint)
   * @param numHeads heads (head_dim = hiddenSize / numHeads)
   * @param intermediateSize MLP width (3420 for 3B/7B)
   * @param patchSize spatial patch (14)
   * @param temporalPatchSize frames per patch (2)
   * @param spatialMergeSize merge (2)
   * @param windowSize window in pixels (112)
   * @param fullattBlockIndexes blocks with full (per-frame) attention
   * @param outHiddenSize merger output width = LLM hidden
   * @param tokensPerSecond temporal position rate of videos (2 in every real checkpoint)
   * @param inChannels 3
   */
  public record VisionConfig(
      int depth,
      int hiddenSize,
      int numHeads,
      int intermediateSize,
      int patchSize,
      int temporalPatchSize,
      int spatialMergeSize,
      int windowSize,
      int[] fullattBlockIndexes,
      int outHiddenSize,
      double tokensPerSecond,
      int inChannels) {

    public VisionConfig {
      fullattBlockIndexes = fullattBlockIndexes.clone();
      if (numHeads <= 0 || hiddenSize % numHeads != 0 || (hiddenSize / numHeads) % 4 != 0) {
        throw new IllegalArgumentException(
            "vision hidden_size "
                + hiddenSize
                + " / num_heads "
                + numHeads
                + " must give a head_dim divisible by 4");
      }
    }

    /** Per-head width. */
    public int headDim() {
      return hiddenSize / numHeads;
    }

    /** Values per flattened patch: in_chans * temporal * patch * patch (1176). */
    public int patchDim() {
      return inChannels * temporalPatchSize * patchSize * patchSize;
    }

    /** True when block {@code i} attends over whole frames instead of windows. */
    public boolean isFullAttention(int block) {
      for (int b : fullattBlockIndexes) {
        if (b == block) {
          return true;
        }
      }
      return false;
    }

    @Override
    public int[] fullattBlockIndexes() {
      return fullattBlockIndexes.clone();
    }
  }

  /** Reads {@code config.json} from a model directory (or the file itself). */
  public static QwenVlConfig load(Path dirOrFile) {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("config.json") : dirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no config.json at " + file);
    }
    return ConfigParser.parse(Json.read(file), file.toString());
  }

  /** Parses config.json text. */
  public static QwenVlConfig parse(String json) {
    return ConfigParser.parse(Json.parse(json), "config.json");
  }

  /** Parses an already-read config.json tree; {@code source} names it in errors. */
  public static QwenVlConfig parse(JsonNode root, String source) {
    return ConfigParser.parse(root, source);
  }

  /** Merged tokens a media item of this grid contributes. */
  public int mergedTokens(int gridT, int gridH, int gridW) {
    int m = vision.spatialMergeSize();
    return gridT * (gridH / m) * (gridW / m);
  }
}
