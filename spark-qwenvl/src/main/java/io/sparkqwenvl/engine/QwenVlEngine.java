package io.sparkqwenvl.engine;

import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.model.QwenVlModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous-batching generation over one device: every task of the JVM submits here (see {@link
 * EngineRegistry}). Requests wait in a bounded queue (submit blocks when it is full); each lane (a
 * scheduler thread with its own KV slots over a shared model) admits them into free slots, prefills
 * them together with one vision pass, and decodes all occupied slots step by step — finished
 * sequences leave and queued ones join between steps.
 *
 * <pre>{@code
 * try (QwenVlEngine engine = new QwenVlEngine(model, EngineOptions.defaults())) {
 *   GenerationResult r = engine.submit(request).join();
 * }
 * }</pre>
 */
public final class QwenVlEngine implements GenerationService {

  private static final Logger LOG = LoggerFactory.getLogger(QwenVlEngine.class);
  private final List<EngineBackend> backends;
  private final EngineOptions options;
  private final BlockingQueue<Sequence> queue;
  private final StatsRecorder stats;
  private final Object wake = new Object();
  private final List<Lane> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final int mergeSize;
  private volatile boolean closed;

  /**
   * An engine over {@code model} with {@code options.lanes()} scheduler threads, each with its own
   * KV cache of {@code options.maxBatchSequences()} slots, sampling with the generate package's
   * {@link io.sparkqwenvl.generate.Sampler}.
   */
  public QwenVlEngine(QwenVlModel model, EngineOptions options) {
    this(modelBackends(model, options.lanes()), options, selectors(model));
  }

  /** Same as {@code new QwenVlEngine(model, options.withLanes(lanes))}. */
  public static QwenVlEngine create(QwenVlModel model, EngineOptions options, int lanes) {
    return new QwenVlEngine(model, options.withLanes(lanes));
  }

  private static List<EngineBackend> modelBackends(QwenVlModel model, int lanes) {
    List<EngineBackend> backends = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      backends.add(new ModelBackend(model));
    }
    return backends;
  }

  private static TokenSelector.Factory selectors(QwenVlModel model) {
    return SamplerSelector.factory(model.config().text().vocabSize());
  }

  /**
   * An engine over one or more lanes (one per backend; {@code options.lanes()} is not consulted
   * here); each backend gets its own scheduler thread and allocates its KV cache ({@code
   * maxBatchSequences} slots of {@code kvCapacity} tokens) here, once.
   */
  public QwenVlEngine(
      List<? extends EngineBackend> backends,
      EngineOptions options,
      TokenSelector.Factory selectors) {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one backend lane");
    }
    this.backends = List.copyOf(backends);
    this.options = options;
    this.queue = new LinkedBlockingQueue<>(options.queueCapacity());
    this.stats = new StatsRecorder(options.maxBatchSequences());
    this.mergeSize = backends.get(0).spatialMergeSize();
    try {
      for (EngineBackend b : this.backends) {
        if (!allocateLane(b, lanes.size())) {
          break;
        }
        lanes.add(new Lane(b, options, queue, selectors, stats, wake));
      }
    } catch (RuntimeException e) {
      this.backends.forEach(EngineBackend::close);
      throw e;
    }
    this.backends.subList(lanes.size(), this.backends.size()).forEach(EngineBackend::close);
    for (int i = 0; i < lanes.size(); i++) {
      Thread t = new Thread(lanes.get(i), "qwenvl-engine-lane-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Allocates lane {@code index}'s KV cache. The first lane must fit (its error propagates); a
   * further lane is given up, with a warning, when its cache does not fit or leaves less than
   * {@link #activationReserve} free for prefill activations: on a smaller GPU the engine runs fewer
   * lanes instead of failing later in the middle of a prefill.
   */
  private boolean allocateLane(EngineBackend b, int index) {
    if (index == 0) {
      b.allocate(options.maxBatchSequences(), options.kvCapacity());
      return true;
    }
    try {
      b.allocate(options.maxBatchSequences(), options.kvCapacity());
    } catch (RuntimeException e) {
      if (!OutOfMemory.is(e)) {
        throw e;
      }
      LOG.warn("engine: lane {} not started: its KV cache does not fit on the device", index + 1);
      return false;
    }
    long free = b.freeDeviceBytes();
    long reserve = activationReserve(b.totalDeviceBytes());
    if (free < reserve) {
      LOG.warn(
          "engine: lane {} not started: {} MB free on the device after its KV cache, below the {}"
              + " MB kept for activations; running {} lane(s)",
          index + 1,
          free >> 20,
          reserve >> 20,
          index);
      b.close();
      return false;
    }
    return true;
  }

  /**
   * Device bytes kept free for activations when adding lanes: 15% of the device, 2 GiB at least.
   */
  static long activationReserve(long totalBytes) {
    return Math.max(2L << 30, totalBytes / 100 * 15);
  }

  /** Lanes running (fewer than backends given when the device had no room for more). */
  public int laneCount() {
    return lanes.size();
  }

  /**
   * Queues a request. Blocks while the queue is full, at most {@link
   * EngineOptions#submitTimeout()}; past it the future fails with a {@link TimeoutException}.
   */
  @Override
  public CompletableFuture<GenerationResult> submit(EngineRequest request) {
    Sequence s = new Sequence(request, mergeSize);
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
    stats.requests.increment();
    try {
      if (!enqueue(s)) {
        s.future.completeExceptionally(
            new TimeoutException(
                "engine queue of "
                    + options.queueCapacity()
                    + " requests stayed full for "
                    + options.submitTimeout()));
        return s.future;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.future.completeExceptionally(e);
      return s.future;
    }
    synchronized (wake) {
      wake.notifyAll();
    }
    if (closed && queue.remove(s)) {
      s.future.completeExceptionally(new IllegalStateException("engine closed"));
    }
    return s.future;
  }

  private boolean enqueue(Sequence s) throws InterruptedException {
    if (options.submitTimeout() == null) {
      queue.put(s);
      return true;
    }
    return queue.offer(s, options.submitTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Generates every request of {@code requests}, in order, keeping up to {@code window} of them in
   * the engine at a time (the streaming form for a partition: memory stays bounded). A request that
   * fails throws a {@link CompletionException} from {@code next()}.
   */
  public Iterator<GenerationResult> generateAll(Iterator<EngineRequest> requests, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    ArrayDeque<CompletableFuture<GenerationResult>> inFlight = new ArrayDeque<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (inFlight.size() < window && requests.hasNext()) {
          inFlight.add(submit(requests.next()));
        }
        return !inFlight.isEmpty();
      }

      @Override
      public GenerationResult next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return inFlight.poll().join();
      }
    };
  }

  @Override
  public int spatialMergeSize() {
    return mergeSize;
  }

  /** Counters since the engine started. */
  public EngineStats stats() {
    return stats.snapshot();
  }

  /** The lanes' backends (tests check that close frees them). */
  List<EngineBackend> backends() {
    return backends;
  }

  /** Options the engine runs with. */
  public EngineOptions options() {
    return options;
  }

  /** Most device bytes held so far over all lanes (0 when unknown). */
  public long peakDeviceBytes() {
    long max = 0;
    for (EngineBackend b : backends) {
      max = Math.max(max, b.peakDeviceBytes());
    }
    return max;
  }

  /**
   * Stops the lanes, fails requests still queued or running with an {@link IllegalStateException},
   * and frees the KV caches and every native buffer of the backends. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    lanes.forEach(l -> l.stopping = true);
    synchronized (wake) {
      wake.notifyAll();
    }
    for (Thread t : threads) {
      joinQuietly(t);
    }
    List<Sequence> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(s -> s.future.completeExceptionally(new IllegalStateException("engine closed")));
    backends.forEach(EngineBackend::close);
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
