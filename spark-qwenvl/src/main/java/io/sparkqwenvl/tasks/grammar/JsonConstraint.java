package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.generate.TokenConstraint;
import java.nio.charset.StandardCharsets;

/**
 * The per-sequence side of a {@link JsonGrammar}: the automaton state after the tokens accepted so
 * far. Not thread-safe (one sequence); masks come from the grammar's shared cache.
 */
public final class JsonConstraint implements TokenConstraint {

  private final JsonGrammar grammar;
  private final long[] state;
  private StateKey key;
  private int accepted;

  JsonConstraint(JsonGrammar grammar, long[] initial) {
    this.grammar = grammar;
    this.state = initial;
    this.key = new StateKey(initial);
  }

  @Override
  public long[] allowedTokens(int remainingTokens) {
    long[] mask = grammar.masks(state, key).forBudget(remainingTokens);
    return accepted == 0 ? grammar.withoutRootNull(mask) : mask;
  }

  @Override
  public void accept(int tokenId) {
    if (grammar.isStop(tokenId)) {
      if (!isComplete()) {
        throw new IllegalArgumentException(
            "stop token " + tokenId + " before the JSON value is complete");
      }
      return;
    }
    byte[] bytes = grammar.tokenBytes(tokenId);
    long[] next = state.clone();
    boolean ok = bytes.length > 0;
    for (int i = 0; ok && i < bytes.length; i++) {
      ok = grammar.automaton().feed(next, bytes[i] & 0xff);
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "token "
              + tokenId
              + " ('"
              + new String(bytes, StandardCharsets.UTF_8)
              + "') is not allowed after "
              + accepted
              + " tokens of the JSON value");
    }
    System.arraycopy(next, 0, state, 0, state.length);
    key = new StateKey(state);
    accepted++;
  }

  @Override
  public boolean isComplete() {
    return JsonAutomaton.isComplete(state);
  }

  /** Tokens the shortest completion takes from here (0 once complete). */
  public int tokensToClose() {
    return grammar.closeTokens(state);
  }

  /** The shortest text that completes the value from here. */
  public String shortestCompletion() {
    return grammar.completion(state);
  }
}
