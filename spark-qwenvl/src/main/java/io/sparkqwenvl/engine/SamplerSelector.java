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
    return sampler.argmaxSuffices();
  }

  @Override
  public int select(float[] logits, int argmax, int remainingTokens) {
    return sampler.select(logits, argmax, remainingTokens);
  }
}
