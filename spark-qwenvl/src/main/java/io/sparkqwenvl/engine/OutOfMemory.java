package io.sparkqwenvl.engine;

import java.util.Locale;

/** Recognizes a device out-of-memory error (DJL's EngineException wraps the CUDA message). */
final class OutOfMemory {
  private OutOfMemory() {}

  /** True when {@code t} or one of its causes says "out of memory". */
  static boolean is(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains("out of memory")) {
        return true;
      }
      if (c instanceof OutOfMemoryError) {
        return false;
      }
    }
    return false;
  }
}
