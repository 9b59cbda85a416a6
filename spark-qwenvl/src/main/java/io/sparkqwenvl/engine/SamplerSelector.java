package io.sparkqwenvl.engine;

import io.sparkqwenvl.generate.Sampler;

/** {@link TokenSelector} over the generate package's {@link Sampler} (the one logits pipeline). */
final class SamplerSelector implements TokenSelector {
  private final Sampler sampler;

  SamplerSelector(Sampler sampler) {
    this.sampler = sampler;
  }

  /** Selectors for a model's vocabulary: each request gets its own seeded Sampler. */
  static TokenSelector.Factory factory(int vocab) {
    return r ->
        new SamplerSelector(new Sampler(r.config(), r.constraint(), r.promptTokenIds(), vocab));
  }

  @Override
  public boolean argmaxSuffices() {
    // Qwen's default (greedy after a 1.05 penalty) stays on the device: no logits row per step.
    return sampler.penalizedArgmaxSuffices();
  }

  @Override
  public int[] devicePenaltyIds() {
    return sampler.penalizedArgmaxSuffices() && sampler.penalty() != 1f
        ? sampler.penaltyIds()
        : null;
  }

  @Override
  public float devicePenalty() {
    return sampler.penalty();
  }

  @Override
  public int select(float[] logits, int argmax, int remainingTokens) {
    return sampler.select(logits, argmax, remainingTokens);
  }
}
