package io.sparkqwenvl.engine;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link EngineStats}. */
final class StatsRecorder {
  final LongAdder requests = new LongAdder();
  final LongAdder sequences = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder promptTokens = new LongAdder();
  final LongAdder visualTokens = new LongAdder();
  final LongAdder outputTokens = new LongAdder();
  final LongAdder prefills = new LongAdder();
  final LongAdder steps = new LongAdder();
  final LongAdder paddedTokens = new LongAdder();
  final LongAdder oomSplits = new LongAdder();
  final LongAdder visionNanos = new LongAdder();
  final LongAdder prefillNanos = new LongAdder();
  final LongAdder decodeNanos = new LongAdder();
  final LongAdder occupiedSlotSteps = new LongAdder();
  private final int slots;

  StatsRecorder(int slots) {
    this.slots = slots;
  }

  EngineStats snapshot() {
    return new EngineStats(
        requests.sum(),
        sequences.sum(),
        failed.sum(),
        promptTokens.sum(),
        visualTokens.sum(),
        outputTokens.sum(),
        prefills.sum(),
        steps.sum(),
        paddedTokens.sum(),
        oomSplits.sum(),
        visionNanos.sum(),
        prefillNanos.sum(),
        decodeNanos.sum(),
        occupiedSlotSteps.sum(),
        slots);
  }
}
