package io.sparkqwenvl.engine;

import io.sparkqwenvl.generate.GenerationResult;
import java.util.concurrent.CompletableFuture;

/**
 * Where prompts go to be generated: the continuous-batching {@code QwenVlEngine} in production.
 * Thread-safe; the future completes exceptionally only for engine failures (never for a request's
 * content).
 */
public interface GenerationService extends AutoCloseable {

  /** Queues a request; may block while the queue is full (back-pressure). */
  CompletableFuture<GenerationResult> submit(EngineRequest request);

  /** Merge size of the model's vision tower (placeholders per 2x2 patch block). */
  int spatialMergeSize();

  @Override
  void close();
}
