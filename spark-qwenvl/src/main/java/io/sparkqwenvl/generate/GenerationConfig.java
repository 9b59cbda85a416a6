package io.sparkqwenvl.generate;

import java.util.Arrays;

/**
 * Per-request generation settings with the reference's semantics (transformers generate): the
 * repetition penalty covers every distinct id of the whole sequence (prompt included), then
 * temperature, top-k and top-p; greedy when {@code doSample} is false.
 *
 * @param maxNewTokens upper bound on generated tokens
 * @param doSample false for greedy (argmax)
 * @param temperature softmax temperature when sampling (> 0)
 * @param topK keep the k most likely tokens when sampling; 0 disables
 * @param topP nucleus mass when sampling; 1.0 disables
 * @param repetitionPenalty 1.0 disables; logits l become l/p if l > 0 else l*p
 * @param seed sampling seed (per request, so results do not depend on batch composition)
 * @param stopTokenIds generation ends when one of these is produced (it is not part of the text)
 * @param ignoreEos when true stop tokens do not end generation (benchmarks force N tokens)
 */
public record GenerationConfig(
    int maxNewTokens,
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    long seed,
    int[] stopTokenIds,
    boolean ignoreEos) {

  /** {@code <|im_end|>} and {@code <|endoftext|>}. */
  public static final int[] QWEN_STOP_TOKENS = {151645, 151643};

  public GenerationConfig {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    if (doSample && !(temperature > 0)) {
      throw new IllegalArgumentException(
          "temperature must be > 0 when sampling, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0, got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (!(repetitionPenalty > 0)) {
      throw new IllegalArgumentException("repetitionPenalty must be > 0, got " + repetitionPenalty);
    }
    stopTokenIds = stopTokenIds == null ? QWEN_STOP_TOKENS.clone() : stopTokenIds.clone();
  }

  /** Greedy decoding, no penalty, Qwen stop tokens. */
  public static GenerationConfig greedy(int maxNewTokens) {
    return new GenerationConfig(maxNewTokens, false, 1.0, 0, 1.0, 1.0, 0L, QWEN_STOP_TOKENS, false);
  }

  /** What Qwen2.5-VL-Instruct's generation_config.json amounts to: greedy after a 1.05 penalty. */
  public static GenerationConfig qwenDefault(int maxNewTokens) {
    return new GenerationConfig(
        maxNewTokens, false, 1.0, 0, 1.0, 1.05, 0L, QWEN_STOP_TOKENS, false);
  }

  public GenerationConfig withMaxNewTokens(int n) {
    return new GenerationConfig(
        n, doSample, temperature, topK, topP, repetitionPenalty, seed, stopTokenIds, ignoreEos);
  }

  public GenerationConfig withRepetitionPenalty(double p) {
    return new GenerationConfig(
        maxNewTokens, doSample, temperature, topK, topP, p, seed, stopTokenIds, ignoreEos);
  }

  public GenerationConfig withSampling(double temperature, int topK, double topP, long seed) {
    return new GenerationConfig(
        maxNewTokens,
        true,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        stopTokenIds,
        ignoreEos);
  }

  public GenerationConfig withIgnoreEos(boolean ignore) {
    return new GenerationConfig(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        stopTokenIds,
        ignore);
  }

  /** True when {@code token} ends generation under this config. */
  public boolean isStop(int token) {
    if (ignoreEos) {
      return false;
    }
    for (int s : stopTokenIds) {
      if (s == token) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "GenerationConfig[maxNewTokens="
        + maxNewTokens
        + ", doSample="
        + doSample
        + ", temperature="
        + temperature
        + ", topK="
        + topK
        + ", topP="
        + topP
        + ", repetitionPenalty="
        + repetitionPenalty
        + ", seed="
        + seed
        + ", stopTokenIds="
        + Arrays.toString(stopTokenIds)
        + ", ignoreEos="
        + ignoreEos
        + "]";
  }
}
