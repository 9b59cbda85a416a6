package io.sparkqwenvl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Per-layer native memory scoping: DJL frees an intermediate array only when its scope or manager
 * closes, so each layer runs in its own {@link NDScope} and only its result survives.
 */
final class Scopes {

  private Scopes() {}

  /**
   * Runs {@code f} in a new scope: every array created meanwhile (ops included) is closed on return
   * except the result. The result is attached to {@code owner} (an op's result may otherwise sit on
   * the weights' manager, e.g. a linear's) and registered with the enclosing scope if any, so it is
   * freed at the latest when either closes; callers close it earlier when done. Arrays created
   * before the call (weights, caches, per-pass tables) are untouched; in-place writes into them (KV
   * cache) persist.
   */
  static NDArray keep(NDManager owner, Supplier<NDArray> f) {
    NDArray r;
    try (NDScope scope = new NDScope()) {
      r = f.get();
      NDScope.unregister(r);
    }
    r.attach(owner);
    NDScope.register(r);
    return r;
  }
}
