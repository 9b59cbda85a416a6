package io.sparkqwenvl.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One engine per (model directory, device) per JVM, shared by every task. Engines are
 * reference-counted: {@link #acquire} creates the engine on first use, each {@link Lease#close()}
 * gives one reference back, and the last one closes the engine (unless {@code keepAlive} is set, as
 * on Spark executors, where {@link #closeAll()} runs at JVM shutdown).
 */
public final class EngineRegistry {
  private static final Map<Key, Entry> ENGINES = new HashMap<>();

  private EngineRegistry() {}

  /** Identity of an engine: the model's directory and the device name ("cpu", "gpu:0"). */
  public record Key(Path modelDir, String device) {
    public Key {
      modelDir = modelDir.toAbsolutePath().normalize();
    }
  }

  /** A reference to a shared engine; closing it gives the reference back. */
  public static final class Lease implements AutoCloseable {
    private final Key key;
    private final QwenVlEngine engine;
    private boolean released;

    private Lease(Key key, QwenVlEngine engine) {
      this.key = key;
      this.engine = engine;
    }

    public QwenVlEngine engine() {
      return engine;
    }

    @Override
    public void close() {
      synchronized (ENGINES) {
        if (!released) {
          released = true;
          release(key, engine);
        }
      }
    }
  }

  private static final class Entry {
    final QwenVlEngine engine;
    final boolean keepAlive;
    int refs;

    Entry(QwenVlEngine engine, boolean keepAlive) {
      this.engine = engine;
      this.keepAlive = keepAlive;
    }
  }

  /**
   * The engine of {@code key}, created by {@code factory} if none is open.
   *
   * @param keepAlive keep the engine open when its last lease closes
   */
  public static Lease acquire(Key key, boolean keepAlive, Supplier<QwenVlEngine> factory) {
    synchronized (ENGINES) {
      Entry e = ENGINES.get(key);
      if (e == null) {
        e = new Entry(factory.get(), keepAlive);
        ENGINES.put(key, e);
      }
      e.refs++;
      return new Lease(key, e.engine);
    }
  }

  private static void release(Key key, QwenVlEngine engine) {
    Entry e = ENGINES.get(key);
    if (e == null || e.engine != engine) {
      return;
    }
    e.refs--;
    if (e.refs == 0 && !e.keepAlive) {
      ENGINES.remove(key);
      engine.close();
    }
  }

  /** Engines open now. */
  public static int openEngines() {
    synchronized (ENGINES) {
      return ENGINES.size();
    }
  }

  /** Closes every engine, leased or not (JVM shutdown, tests). */
  public static void closeAll() {
    synchronized (ENGINES) {
      ENGINES.values().forEach(e -> e.engine.close());
      ENGINES.clear();
    }
  }
}
