package io.sparkqwenvl.model;

/**
 * Observation point at the end of every vision block and decoder layer, while that layer's
 * temporaries are still open (so a hook sees the per-layer peak). No hook is installed in
 * production; tests install one to measure the native memory that stays live across layers.
 */
final class LayerProbe {

  private static volatile Runnable hook;

  private LayerProbe() {}

  /** Installs {@code h} (null removes it); it runs on the thread of the forward pass. */
  static void install(Runnable h) {
    hook = h;
  }

  static void fire() {
    Runnable h = hook;
    if (h != null) {
      h.run();
    }
  }
}
