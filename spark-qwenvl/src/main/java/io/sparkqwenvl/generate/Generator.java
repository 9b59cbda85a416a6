package io.sparkqwenvl.generate;

import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.model.DevicePenalty;
import io.sparkqwenvl.model.KvCache;
import io.sparkqwenvl.model.NextTokens;
import io.sparkqwenvl.model.PrefillSequence;
import io.sparkqwenvl.model.QwenVlModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Static batching over the model primitives: one KV cache of B slots, one prefill of all prompts
 * (one vision pass), then decode steps over the still-active slots until every sequence stopped.
 * Each sequence has its own {@link Sampler}, so a batch gives the same tokens as each request
 * alone.
 */
public final class Generator {

  private final QwenVlModel model;

  public Generator(QwenVlModel model) {
    this.model = model;
  }

  /** Runs every request to completion; results in request order. */
  public List<GenerationResult> generate(List<EngineRequest> requests) {
    int b = requests.size();
    if (b == 0) {
      return List.of();
    }
    int vocab = model.config().text().vocabSize();
    int capacity = 0;
    Sampler[] samplers = new Sampler[b];
    List<PrefillSequence> seqs = new ArrayList<>();
    boolean[] want = new boolean[b];
    for (int i = 0; i < b; i++) {
      EngineRequest r = requests.get(i);
      capacity = Math.max(capacity, r.promptTokenIds().length + r.config().maxNewTokens());
      samplers[i] = new Sampler(r.config(), r.constraint(), r.promptTokenIds(), vocab);
      seqs.add(new PrefillSequence(i, r.promptTokenIds(), r.vision()));
      want[i] = !samplers[i].penalizedArgmaxSuffices();
    }
    List<List<Integer>> out = new ArrayList<>();
    FinishReason[] reasons = new FinishReason[b];
    long[] decodeNanos = new long[b];
    try (KvCache cache = model.newKvCache(b, capacity)) {
      int[] all = new int[b];
      for (int i = 0; i < b; i++) {
        all[i] = i;
      }
      NextTokens first = model.prefill(cache, seqs, want, penalty(samplers, all));
      int[] next = new int[b];
      for (int i = 0; i < b; i++) {
        out.add(new ArrayList<>());
        next[i] = choose(requests.get(i), samplers[i], first, i, i, out.get(i), reasons);
      }
      long start = System.nanoTime();
      while (true) {
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < b; i++) {
          if (reasons[i] == null) {
            active.add(i);
          }
        }
        if (active.isEmpty()) {
          break;
        }
        int[] slots = active.stream().mapToInt(Integer::intValue).toArray();
        int[] tokens = new int[slots.length];
        boolean[] w = new boolean[slots.length];
        for (int k = 0; k < slots.length; k++) {
          tokens[k] = next[slots[k]];
          w[k] = want[slots[k]];
        }
        NextTokens step = model.decode(cache, slots, tokens, w, penalty(samplers, slots));
        for (int k = 0; k < slots.length; k++) {
          int i = slots[k];
          next[i] = choose(requests.get(i), samplers[i], step, k, i, out.get(i), reasons);
          if (reasons[i] != null) {
            decodeNanos[i] = System.nanoTime() - start;
          }
        }
      }
      List<GenerationResult> results = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        int[] ids = out.get(i).stream().mapToInt(Integer::intValue).toArray();
        results.add(
            new GenerationResult(
                ids,
                reasons[i],
                requests.get(i).promptTokenIds().length,
                first.visionNanos(),
                first.languageNanos(),
                decodeNanos[i]));
      }
      return results;
    }
  }

  /** Device-side penalty for the greedy rows of {@code rows} (null rows for the others). */
  private static DevicePenalty penalty(Sampler[] samplers, int[] rows) {
    int[][] ids = new int[rows.length][];
    float[] p = new float[rows.length];
    for (int k = 0; k < rows.length; k++) {
      Sampler s = samplers[rows[k]];
      p[k] = s.penalty();
      ids[k] = s.penalizedArgmaxSuffices() && p[k] != 1f ? s.penaltyIds() : null;
    }
    return new DevicePenalty(ids, p);
  }

  /** Chooses row {@code row}'s token, appends it unless it stops; sets the finish reason. */
  private static int choose(
      EngineRequest r,
      Sampler s,
      NextTokens nt,
      int row,
      int i,
      List<Integer> out,
      FinishReason[] reasons) {
    GenerationConfig c = r.config();
    int remaining = c.maxNewTokens() - out.size();
    int token = s.select(nt.logits()[row], nt.argmax()[row], remaining);
    if (c.isStop(token)) {
      reasons[i] = FinishReason.STOP;
      return token;
    }
    out.add(token);
    if (s.constraintComplete()) {
      reasons[i] = FinishReason.CONSTRAINT_COMPLETE;
    } else if (out.size() >= c.maxNewTokens()) {
      reasons[i] = FinishReason.LENGTH;
    }
    return token;
  }
}
