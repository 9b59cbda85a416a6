package io.sparkqwenvl.tasks.grammar;

import java.util.Arrays;

/**
 * The allowed tokens of one automaton state, grouped by how many tokens the completion takes after
 * each: {@code cumulative[i]} allows every token whose after-state closes within {@code costs[i]}
 * tokens (costs ascending), so a budget check is a binary search over a few levels.
 */
final class TokenMasks {

  final int[] costs; // [levels] ascending
  final long[][] cumulative; // [levels][words]

  TokenMasks(int[] costs, long[][] cumulative) {
    this.costs = costs;
    this.cumulative = cumulative;
  }

  /** Tokens from which the value still closes within remainingTokens - 1 further tokens. */
  long[] forBudget(int remainingTokens) {
    int budget = remainingTokens - 1;
    int i = Arrays.binarySearch(costs, budget);
    if (i < 0) {
      i = -i - 2;
    }
    return cumulative[Math.max(0, i)];
  }

  long bytes() {
    return (long) cumulative.length * (cumulative.length == 0 ? 0 : cumulative[0].length) * 8;
  }
}
