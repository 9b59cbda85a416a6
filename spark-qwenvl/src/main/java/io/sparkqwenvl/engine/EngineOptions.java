package io.sparkqwenvl.engine;

import java.time.Duration;

/**
 * Limits of one engine. The KV cache ({@code maxBatchSequences} slots of {@code kvCapacity} tokens)
 * is allocated once; prefill work is formed so that its patches plus prompt tokens stay under
 * {@code maxBatchTokens} and, when {@code memoryBudgetBytes} is positive, the KV cache plus the
 * prefill's activations stay under that budget.
 *
 * @param maxBatchSequences KV slots, i.e. sequences decoded together at most
 * @param maxBatchTokens vision patches + prompt tokens per prefill at most (one request always
 *     fits)
 * @param kvCapacity tokens per slot (prompt + generated) at most
 * @param memoryBudgetBytes device bytes for KV cache + prefill activations; 0 for no limit
 * @param queueCapacity requests waiting at most before {@code submit} blocks
 * @param submitTimeout how long {@code submit} blocks on a full queue; null waits forever
 * @param lanes scheduler threads over the same model, each with its own {@code maxBatchSequences}
 *     KV slots (more lanes issue a GPU's many small decode operations in parallel)
 */
public record EngineOptions(
    int maxBatchSequences,
    int maxBatchTokens,
    int kvCapacity,
    long memoryBudgetBytes,
    int queueCapacity,
    Duration submitTimeout,
    int lanes) {

  public EngineOptions {
    requirePositive("maxBatchSequences", maxBatchSequences);
    requirePositive("maxBatchTokens", maxBatchTokens);
    requirePositive("kvCapacity", kvCapacity);
    requirePositive("queueCapacity", queueCapacity);
    requirePositive("lanes", lanes);
    if (memoryBudgetBytes < 0) {
      throw new IllegalArgumentException(
          "memoryBudgetBytes must be >= 0, got " + memoryBudgetBytes);
    }
    if (submitTimeout != null && submitTimeout.isNegative()) {
      throw new IllegalArgumentException("submitTimeout must be >= 0, got " + submitTimeout);
    }
  }

  /**
   * 32 sequences, 16384 tokens per prefill, 4096 tokens per sequence, queue of 256, no memory
   * budget, blocking submit, one lane.
   */
  public static EngineOptions defaults() {
    return new EngineOptions(32, 16384, 4096, 0L, 256, null, 1);
  }

  public EngineOptions withMaxBatchSequences(int n) {
    return new EngineOptions(
        n, maxBatchTokens, kvCapacity, memoryBudgetBytes, queueCapacity, submitTimeout, lanes);
  }

  public EngineOptions withMaxBatchTokens(int n) {
    return new EngineOptions(
        maxBatchSequences, n, kvCapacity, memoryBudgetBytes, queueCapacity, submitTimeout, lanes);
  }

  public EngineOptions withKvCapacity(int n) {
    return new EngineOptions(
        maxBatchSequences,
        maxBatchTokens,
        n,
        memoryBudgetBytes,
        queueCapacity,
        submitTimeout,
        lanes);
  }

  public EngineOptions withMemoryBudgetBytes(long bytes) {
    return new EngineOptions(
        maxBatchSequences, maxBatchTokens, kvCapacity, bytes, queueCapacity, submitTimeout, lanes);
  }

  public EngineOptions withQueueCapacity(int n) {
    return new EngineOptions(
        maxBatchSequences, maxBatchTokens, kvCapacity, memoryBudgetBytes, n, submitTimeout, lanes);
  }

  public EngineOptions withSubmitTimeout(Duration timeout) {
    return new EngineOptions(
        maxBatchSequences,
        maxBatchTokens,
        kvCapacity,
        memoryBudgetBytes,
        queueCapacity,
        timeout,
        lanes);
  }

  public EngineOptions withLanes(int n) {
    return new EngineOptions(
        maxBatchSequences,
        maxBatchTokens,
        kvCapacity,
        memoryBudgetBytes,
        queueCapacity,
        submitTimeout,
        n);
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }
}
