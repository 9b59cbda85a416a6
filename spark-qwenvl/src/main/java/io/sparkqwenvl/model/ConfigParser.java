package io.sparkqwenvl.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.model.QwenVlConfig.TextConfig;
import io.sparkqwenvl.model.QwenVlConfig.VisionConfig;

/**
 * config.json → {@link QwenVlConfig}. Defaults for missing keys (Hugging Face omits values equal to
 * its class defaults):
 *
 * <ul>
 *   <li>Text: the transformers class defaults, which are the real 72B values: hidden_size 8192,
 *       num_hidden_layers 80, num_attention_heads 64, num_key_value_heads 8, intermediate_size
 *       29568, vocab_size 152064, rope_theta 1e6, rms_norm_eps 1e-6, tie_word_embeddings false,
 *       max_position_embeddings 32768, mrope_section [16, 24, 24] (only valid for head_dim 128).
 *   <li>Vision: class defaults where they match every real checkpoint (depth 32, num_heads 16,
 *       intermediate_size 3420, patch 14, temporal 2, merge 2, window 112, fullatt [7,15,23,31],
 *       in_chans 3); the real value where the class default is a trap: hidden_size 1280 (class:
 *       3584), tokens_per_second 2 (class: 4), out_hidden_size = the text hidden_size (class:
 *       3584).
 *   <li>Token ids: 151655 image, 151656 video, 151652 vision start, 151653 vision end.
 * </ul>
 */
final class ConfigParser {

  private ConfigParser() {}

  static QwenVlConfig parse(JsonNode root, String source) {
    String type = root.path("model_type").asText("");
    if (!QwenVlConfig.MODEL_TYPE.equals(type)) {
      throw new IllegalArgumentException(
          "unsupported model_type '"
              + type
              + "' in "
              + source
              + "; expected '"
              + QwenVlConfig.MODEL_TYPE
              + "' (Qwen2.5-VL)");
    }
    JsonNode t = root.has("text_config") ? root.get("text_config") : root;
    TextConfig text = text(root, t, source);
    VisionConfig vision = vision(root.path("vision_config"), text.hiddenSize(), source);
    return new QwenVlConfig(
        type,
        text,
        vision,
        intOf(root, t, "image_token_id", 151655),
        intOf(root, t, "video_token_id", 151656),
        intOf(root, t, "vision_start_token_id", 151652),
        intOf(root, t, "vision_end_token_id", 151653));
  }

  private static TextConfig text(JsonNode root, JsonNode t, String source) {
    checkAct(t, source, "");
    int hidden = t.path("hidden_size").asInt(8192);
    int heads = t.path("num_attention_heads").asInt(64);
    int headDim = heads > 0 ? hidden / heads : 0;
    if (t.has("head_dim") && !t.get("head_dim").isNull() && t.get("head_dim").asInt() != headDim) {
      throw new IllegalArgumentException(
          "head_dim "
              + t.get("head_dim").asInt()
              + " in "
              + source
              + " differs from hidden_size/num_attention_heads = "
              + headDim);
    }
    JsonNode rope = t.has("rope_parameters") ? t.get("rope_parameters") : t.path("rope_scaling");
    if (rope.isMissingNode() || rope.isNull()) {
      rope = root.path("rope_scaling");
    }
    int[] section = {16, 24, 24};
    if (rope.has("mrope_section")) {
      JsonNode s = rope.get("mrope_section");
      section = new int[s.size()];
      for (int i = 0; i < section.length; i++) {
        section[i] = s.get(i).asInt();
      }
    }
    double theta =
        t.has("rope_theta")
            ? t.get("rope_theta").asDouble()
            : rope.path("rope_theta").asDouble(1_000_000.0);
    boolean tie =
        root.has("tie_word_embeddings")
            ? root.get("tie_word_embeddings").asBoolean()
            : t.path("tie_word_embeddings").asBoolean(false);
    try {
      return new TextConfig(
          hidden,
          t.path("num_hidden_layers").asInt(80),
          heads,
          t.path("num_key_value_heads").asInt(8),
          headDim,
          t.path("intermediate_size").asInt(29568),
          t.path("vocab_size").asInt(152064),
          theta,
          t.path("rms_norm_eps").asDouble(1e-6),
          section,
          tie,
          t.path("max_position_embeddings").asInt(32768));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static VisionConfig vision(JsonNode v, int textHidden, String source) {
    checkAct(v, source, "vision_config.");
    int[] full = {7, 15, 23, 31};
    if (v.has("fullatt_block_indexes")) {
      JsonNode f = v.get("fullatt_block_indexes");
      full = new int[f.size()];
      for (int i = 0; i < full.length; i++) {
        full[i] = f.get(i).asInt();
      }
    }
    int patch =
        v.has("patch_size") ? v.get("patch_size").asInt() : v.path("spatial_patch_size").asInt(14);
    int chans = v.has("in_chans") ? v.get("in_chans").asInt() : v.path("in_channels").asInt(3);
    try {
      return new VisionConfig(
          v.path("depth").asInt(32),
          v.path("hidden_size").asInt(1280),
          v.path("num_heads").asInt(16),
          v.path("intermediate_size").asInt(3420),
          patch,
          v.path("temporal_patch_size").asInt(2),
          v.path("spatial_merge_size").asInt(2),
          v.path("window_size").asInt(112),
          full,
          v.path("out_hidden_size").asInt(textHidden),
          v.path("tokens_per_second").asDouble(2.0),
          chans);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static void checkAct(JsonNode node, String source, String prefix) {
    String act = node.path("hidden_act").asText("silu");
    if (!"silu".equals(act)) {
      throw new IllegalArgumentException(
          "unsupported " + prefix + "hidden_act '" + act + "' in " + source + "; expected 'silu'");
    }
  }

  private static int intOf(JsonNode root, JsonNode text, String key, int dflt) {
    if (root.has(key)) {
      return root.get(key).asInt();
    }
    return text.path(key).asInt(dflt);
  }
}
