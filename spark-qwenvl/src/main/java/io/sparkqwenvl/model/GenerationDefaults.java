package io.sparkqwenvl.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.runtime.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkpoint's {@code generation_config.json}. Missing file or keys: Qwen2.5-VL-Instruct's values
 * (sampling with top_k 1, i.e. greedy, after a 1.05 repetition penalty; stop on 151645 and 151643).
 *
 * @param doSample do_sample
 * @param temperature temperature
 * @param topK top_k (0 = off)
 * @param topP top_p
 * @param repetitionPenalty repetition_penalty
 * @param eosTokenIds eos_token_id (int or list)
 */
public record GenerationDefaults(
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    int[] eosTokenIds) {

  public GenerationDefaults {
    eosTokenIds = eosTokenIds.clone();
  }

  /** Reads generation_config.json of a model directory; Qwen's values if absent. */
  public static GenerationDefaults load(Path modelDir) {
    Path file = modelDir.resolve("generation_config.json");
    return parse(Files.isRegularFile(file) ? Json.read(file) : Json.parse("{}"));
  }

  /** Parses a generation_config.json tree. */
  public static GenerationDefaults parse(JsonNode n) {
    int[] eos = GenerationConfig.QWEN_STOP_TOKENS;
    JsonNode e = n.path("eos_token_id");
    if (e.isInt()) {
      eos = new int[] {e.asInt()};
    } else if (e.isArray()) {
      eos = new int[e.size()];
      for (int i = 0; i < eos.length; i++) {
        eos[i] = e.get(i).asInt();
      }
    }
    return new GenerationDefaults(
        n.path("do_sample").asBoolean(true),
        n.path("temperature").asDouble(0.1),
        n.path("top_k").asInt(1),
        n.path("top_p").asDouble(0.001),
        n.path("repetition_penalty").asDouble(1.05),
        eos);
  }

  @Override
  public int[] eosTokenIds() {
    return eosTokenIds.clone();
  }

  /**
   * These defaults as a {@link GenerationConfig}. Sampling with top_k 1 (or a temperature so low
   * that only the argmax survives top-p 0.001) is argmax, so it becomes greedy decoding: the same
   * tokens, without drawing random numbers.
   */
  public GenerationConfig toGenerationConfig(int maxNewTokens, long seed) {
    boolean greedy = !doSample || topK == 1;
    return new GenerationConfig(
        maxNewTokens,
        !greedy,
        greedy ? 1.0 : temperature,
        greedy ? 0 : topK,
        greedy ? 1.0 : topP,
        repetitionPenalty,
        seed,
        eosTokenIds,
        false);
  }
}
