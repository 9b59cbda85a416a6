package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.runtime.Json;
import org.junit.jupiter.api.Test;

class QwenVlConfigTest {

  /** The published 7B config.json (abridged to the fields it sets). */
  static final String HUB_7B =
      """
      {"architectures":["Qwen2_5_VLForConditionalGeneration"],"model_type":"qwen2_5_vl",
       "hidden_size":3584,"intermediate_size":18944,"num_attention_heads":28,
       "num_hidden_layers":28,"num_key_value_heads":4,"rms_norm_eps":1e-06,
       "rope_theta":1000000.0,"tie_word_embeddings":false,"vocab_size":152064,
       "max_position_embeddings":128000,
       "rope_scaling":{"type":"mrope","mrope_section":[16,24,24]},
       "vision_config":{"depth":32,"hidden_act":"silu","hidden_size":1280,
         "intermediate_size":3420,"num_heads":16,"in_chans":3,"out_hidden_size":3584,
         "patch_size":14,"spatial_merge_size":2,"spatial_patch_size":14,"window_size":112,
         "fullatt_block_indexes":[7,15,23,31],"tokens_per_second":2,"temporal_patch_size":2},
       "image_token_id":151655,"video_token_id":151656,"vision_start_token_id":151652}
      """;

  /** The same model saved by transformers 5 (text_config, rope_parameters). */
  static final String TF5_7B =
      """
      {"model_type":"qwen2_5_vl","image_token_id":151655,"video_token_id":151656,
       "text_config":{"model_type":"qwen2_5_vl_text","hidden_size":3584,
         "intermediate_size":18944,"num_attention_heads":28,"num_hidden_layers":28,
         "num_key_value_heads":4,"vocab_size":152064,"max_position_embeddings":128000,
         "rope_parameters":{"rope_type":"default","rope_theta":1000000.0,
           "mrope_section":[16,24,24]}},
       "tie_word_embeddings":false,
       "vision_config":{"hidden_size":1280,"out_hidden_size":3584,"intermediate_size":3420,
         "tokens_per_second":2}}
      """;

  @Test
  void hubAndTransformers5LayoutsGiveThePublishedArchitecture() {
    assertThat(QwenVlConfig.parse(HUB_7B))
        .usingRecursiveComparison()
        .isEqualTo(PublishedConfigs.QWEN25_VL_7B);
    assertThat(QwenVlConfig.parse(TF5_7B))
        .usingRecursiveComparison()
        .isEqualTo(PublishedConfigs.QWEN25_VL_7B);
  }

  @Test
  void missingVisionKeysTakeRealCheckpointValuesNotClassDefaults() {
    QwenVlConfig c =
        QwenVlConfig.parse(
            """
            {"model_type":"qwen2_5_vl","hidden_size":2048,"num_attention_heads":16,
             "num_key_value_heads":2,"vision_config":{}}\
            """);
    assertThat(c.vision().hiddenSize()).isEqualTo(1280);
    assertThat(c.vision().tokensPerSecond()).isEqualTo(2.0);
    assertThat(c.vision().outHiddenSize()).isEqualTo(2048);
    assertThat(c.text().mropeSection()).containsExactly(16, 24, 24);
    assertThat(c.text().numLayers()).isEqualTo(80);
  }

  @Test
  void unknownModelTypeIsNamed() {
    assertThatThrownBy(() -> QwenVlConfig.parse("{\"model_type\":\"qwen2_vl\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported model_type 'qwen2_vl'");
  }

  @Test
  void inconsistentShapesAreRefused() {
    assertThatThrownBy(
            () ->
                QwenVlConfig.parse(
                    """
                    {"model_type":"qwen2_5_vl","hidden_size":2048,"num_attention_heads":16,
                     "num_key_value_heads":2,"rope_scaling":{"mrope_section":[16,24,16]}}\
                    """))
        .hasMessageContaining("mrope_section [16, 24, 16]");
  }

  @Test
  void preprocessorAndGenerationDefaults() {
    JsonNode pp = Json.parse(PublishedConfigs.tinyResource("preprocessor_config.json"));
    PreprocessorConfig p = PreprocessorConfig.parse(pp);
    assertThat(p.maxPixels()).isEqualTo(12845056);
    assertThat(p.minPixels()).isEqualTo(3136);
    assertThat(p.imageMean()[0]).isEqualTo(0.48145466f);
    GenerationDefaults g =
        GenerationDefaults.parse(
            Json.parse(PublishedConfigs.tinyResource("generation_config.json")));
    GenerationConfig gc = g.toGenerationConfig(16, 0);
    assertThat(gc.doSample()).isFalse();
    assertThat(gc.repetitionPenalty()).isEqualTo(1.05);
    assertThat(gc.stopTokenIds()).containsExactly(151645, 151643);
  }
}
