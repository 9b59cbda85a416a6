package io.sparkqwenvl.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerTest {

  /** Allows only token 3, then completes. */
  static final class OnlyThree implements TokenConstraint {
    int accepted = -1;
    int lastRemaining;

    @Override
    public long[] allowedTokens(int remainingTokens) {
      lastRemaining = remainingTokens;
      return new long[] {1L << 3};
    }

    @Override
    public void accept(int tokenId) {
      accepted = tokenId;
    }

    @Override
    public boolean isComplete() {
      return accepted == 3;
    }
  }

  @Test
  void penaltyCoversThePromptAndChosenTokens() {
    Sampler s =
        new Sampler(GenerationConfig.greedy(4).withRepetitionPenalty(10), null, new int[] {0}, 4);
    assertThat(s.argmaxSuffices()).isFalse();
    assertThat(s.select(new float[] {5f, 4f, 1f, 0f}, 0, 4)).isEqualTo(1);
    assertThat(s.select(new float[] {5f, 4f, 1f, 0f}, 0, 3)).isEqualTo(2);
  }

  @Test
  void constraintMasksAfterThePenaltyAndSeesTheBudget() {
    OnlyThree c = new OnlyThree();
    Sampler s = new Sampler(GenerationConfig.greedy(4), c, new int[0], 8);
    assertThat(s.select(new float[] {9, 9, 9, -1, 9, 9, 9, 9}, 0, 7)).isEqualTo(3);
    assertThat(c.lastRemaining).isEqualTo(7);
    assertThat(s.constraintComplete()).isTrue();
  }

  @Test
  void samplingIsSeededPerRequest() {
    GenerationConfig g = GenerationConfig.greedy(4).withSampling(1.0, 0, 1.0, 7);
    float[] l = {0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
    int[] a = new int[16];
    int[] b = new int[16];
    Sampler s1 = new Sampler(g, null, new int[0], 8);
    Sampler s2 = new Sampler(g, null, new int[0], 8);
    for (int i = 0; i < 16; i++) {
      a[i] = s1.select(l.clone(), 0, 4);
      b[i] = s2.select(l.clone(), 0, 4);
    }
    assertThat(a).isEqualTo(b);
    assertThat(java.util.Arrays.stream(a).distinct().count()).isGreaterThan(1);
  }
}
