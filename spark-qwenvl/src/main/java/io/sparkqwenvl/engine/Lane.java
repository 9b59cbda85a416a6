package io.sparkqwenvl.engine;

import io.sparkqwenvl.engine.EngineBackend.PrefillItem;
import io.sparkqwenvl.engine.EngineBackend.PrefillOutput;
import io.sparkqwenvl.engine.EngineBackend.StepOutput;
import io.sparkqwenvl.generate.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * One scheduler thread over one backend (its own KV slots): admits queued requests into free slots
 * by the token and memory budgets, prefills them together, then decodes every occupied slot one
 * step at a time; a finished sequence frees its slot at once and a queued one takes it before the
 * next step.
 */
final class Lane implements Runnable {
  private final EngineBackend backend;
  private final EngineOptions options;
  private final BlockingQueue<Sequence> queue;
  private final TokenSelector.Factory selectors;
  private final StatsRecorder stats;
  private final SlotPool slots;
  private final List<Sequence> active = new ArrayList<>();
  private final long kvBytes;
  private final Object wake; // shared by the lanes and submitters: queue arrivals, admission
  volatile boolean stopping;

  Lane(
      EngineBackend backend,
      EngineOptions options,
      BlockingQueue<Sequence> queue,
      TokenSelector.Factory selectors,
      StatsRecorder stats,
      Object wake) {
    this.wake = wake;
    this.backend = backend;
    this.options = options;
    this.queue = queue;
    this.selectors = selectors;
    this.stats = stats;
    this.slots = new SlotPool(options.maxBatchSequences());
    this.kvBytes = backend.kvCacheBytes(options.maxBatchSequences(), options.kvCapacity());
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        List<Sequence> group = admit();
        if (!group.isEmpty()) {
          prefill(group);
        }
        dropCancelled();
        if (!active.isEmpty()) {
          decode(new ArrayList<>(active));
        } else if (group.isEmpty()) {
          idleWait();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Sequence s : new ArrayList<>(active)) {
        fail(s, new IllegalStateException("engine closed before the request finished"));
      }
    }
  }

  private void idleWait() throws InterruptedException {
    synchronized (wake) {
      if (queue.isEmpty() && !stopping) {
        wake.wait(50);
      }
    }
  }

  /** Takes queued requests for the free slots while the prefill budgets allow. */
  List<Sequence> admit() {
    synchronized (wake) {
      return admitLocked();
    }
  }

  private List<Sequence> admitLocked() {
    List<Sequence> group = new ArrayList<>();
    int tokens = 0;
    while (group.size() < slots.free()) {
      Sequence s = queue.peek();
      if (s == null) {
        break;
      }
      int cost = s.patches() + s.promptLength();
      if (!group.isEmpty() && !fits(tokens + cost, group, s)) {
        break;
      }
      if (queue.poll() != s) {
        throw new IllegalStateException("engine queue changed under its lane");
      }
      if (s.future.isDone()) {
        continue; // cancelled by its caller while queued
      }
      if (accept(s)) {
        group.add(s);
        tokens += cost;
      }
    }
    return group;
  }

  /** Frees the slots of sequences whose caller cancelled (or otherwise completed) the future. */
  private void dropCancelled() {
    for (Sequence s : new ArrayList<>(active)) {
      if (s.future.isDone()) {
        stats.outputTokens.add(s.generatedCount());
        release(s);
      }
    }
  }

  private boolean fits(int tokens, List<Sequence> group, Sequence next) {
    if (tokens > options.maxBatchTokens()) {
      return false;
    }
    if (options.memoryBudgetBytes() == 0) {
      return true;
    }
    int patches = next.patches();
    int prompt = next.promptLength();
    for (Sequence s : group) {
      patches += s.patches();
      prompt += s.promptLength();
    }
    return kvBytes + backend.prefillBytes(patches, prompt) <= options.memoryBudgetBytes();
  }

  /** Validates a request against the slot size and opens its selector; fails it otherwise. */
  private boolean accept(Sequence s) {
    if (s.kvNeed() > options.kvCapacity()) {
      s.future.completeExceptionally(
          new IllegalArgumentException(
              "request needs "
                  + s.kvNeed()
                  + " KV tokens (prompt "
                  + s.promptLength()
                  + " + maxNewTokens "
                  + s.request.config().maxNewTokens()
                  + ") but the engine's kvCapacity is "
                  + options.kvCapacity()));
      stats.sequences.increment();
      stats.failed.increment();
      return false;
    }
    try {
      s.open(selectors);
    } catch (RuntimeException e) {
      fail(s, e);
      return false;
    }
    s.slot = slots.acquire();
    return true;
  }

  /** Prefills a group; on out-of-memory splits it in halves and retries each. */
  void prefill(List<Sequence> group) {
    try {
      List<PrefillItem> items = new ArrayList<>(group.size());
      for (Sequence s : group) {
        items.add(new PrefillItem(s.slot, s.request, s.wantLogits(), s.penaltyIds(), s.penalty()));
      }
      PrefillOutput out = backend.prefill(items);
      record(group, out);
      for (int i = 0; i < group.size(); i++) {
        Sequence s = group.get(i);
        active.add(s);
        apply(s, out.step(), i);
      }
    } catch (RuntimeException | Error e) { // a host OutOfMemoryError must not end the lane
      if (OutOfMemory.is(e) && group.size() > 1) {
        stats.oomSplits.increment();
        int half = group.size() / 2;
        prefill(new ArrayList<>(group.subList(0, half)));
        prefill(new ArrayList<>(group.subList(half, group.size())));
      } else {
        group.forEach(s -> fail(s, e));
      }
    }
  }

  private void record(List<Sequence> group, PrefillOutput out) {
    stats.prefills.increment();
    stats.visionNanos.add(out.visionNanos());
    stats.prefillNanos.add(out.prefillNanos());
    stats.paddedTokens.add(out.paddedTokens());
    for (Sequence s : group) {
      s.visionNanos = out.visionNanos();
      s.prefillNanos = out.prefillNanos();
      stats.promptTokens.add(s.promptLength());
      stats.visualTokens.add(s.request.visionTokens(s.mergeSize));
    }
  }

  /** One decode step over {@code batch}; on out-of-memory splits it in halves. */
  void decode(List<Sequence> batch) {
    long t0 = System.nanoTime();
    int n = batch.size();
    int[] slotIds = new int[n];
    int[] tokens = new int[n];
    boolean[] want = new boolean[n];
    int[][] penaltyIds = new int[n][]; // [n][*], null rows: no device penalty
    float[] penalties = new float[n];
    for (int i = 0; i < n; i++) {
      Sequence s = batch.get(i);
      slotIds[i] = s.slot;
      tokens[i] = s.lastToken();
      want[i] = s.wantLogits();
      penaltyIds[i] = s.penaltyIds();
      penalties[i] = s.penalty();
    }
    StepOutput out;
    try {
      out = backend.decode(slotIds, tokens, want, penaltyIds, penalties);
    } catch (RuntimeException | Error e) {
      if (OutOfMemory.is(e) && n > 1) {
        stats.oomSplits.increment();
        decode(new ArrayList<>(batch.subList(0, n / 2)));
        decode(new ArrayList<>(batch.subList(n / 2, n)));
      } else {
        batch.forEach(s -> fail(s, e));
      }
      return;
    }
    stats.steps.increment();
    stats.occupiedSlotSteps.add(n);
    for (int i = 0; i < n; i++) {
      apply(batch.get(i), out, i);
    }
    stats.decodeNanos.add(System.nanoTime() - t0);
  }

  private void apply(Sequence s, StepOutput out, int row) {
    FinishReason reason;
    try {
      float[] logits = out.logits() == null ? null : out.logits()[row];
      reason = s.advance(logits, out.argmax()[row]);
    } catch (RuntimeException | Error e) {
      fail(s, e);
      return;
    }
    if (reason != null) {
      stats.outputTokens.add(s.generatedCount());
      release(s);
      s.complete(reason);
    }
  }

  private void fail(Sequence s, Throwable e) {
    release(s);
    stats.outputTokens.add(s.generatedCount());
    stats.failed.increment();
    s.future.completeExceptionally(e);
  }

  private void release(Sequence s) {
    stats.sequences.increment();
    active.remove(s);
    if (s.slot >= 0) {
      slots.release(s.slot);
      s.slot = -1;
    }
  }
}
