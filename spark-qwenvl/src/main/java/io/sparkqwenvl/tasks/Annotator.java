package io.sparkqwenvl.tasks;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.engine.GenerationService;
import io.sparkqwenvl.engine.QwenVlEngine;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.model.QwenVlModel;
import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.prompt.QwenTokenizer;
import io.sparkqwenvl.runtime.DjlDefaults;
import io.sparkqwenvl.tasks.grammar.JsonGrammar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Annotates media with Qwen2.5-VL: preprocess (decode, EXIF, smart_resize) on a small thread pool,
 * prompt per task ({@link TaskPrompts}), generate on the shared continuous-batching engine (EXTRACT
 * under a {@link JsonGrammar}, every task under an optional {@link RepetitionGuard}), then parse
 * ({@link ResultAssembler}). Bad media, bad schemas and generation failures become {@link
 * TaskResult#failure} rows; nothing here throws for a request's content.
 */
public final class Annotator implements AutoCloseable {

  private static final Future<?> CANCELLED = CompletableFuture.failedFuture(new Exception());

  private final GenerationService service;
  private final QwenTokenizer tokenizer;
  private final PreprocessorConfig preprocessor;
  private final ModelInfo info;
  private final AnnotatorOptions options;
  private final AutoCloseable[] owned;
  private final ExecutorService pool;
  private final Map<String, JsonGrammar> grammars = new ConcurrentHashMap<>();
  private final Map<CompletableFuture<TaskResult>, AnnotationRequest> pending =
      new ConcurrentHashMap<>(); // submitted, not yet complete
  private final RequestPreparer preparer;

  /**
   * An annotator over an existing generation service (tests, or callers that share an engine).
   * {@code owned} resources are closed, in order, after the service when this annotator closes.
   */
  public Annotator(
      GenerationService service,
      QwenTokenizer tokenizer,
      PreprocessorConfig preprocessor,
      ModelInfo info,
      AnnotatorOptions options,
      AutoCloseable... owned) {
    this.service = service;
    this.tokenizer = tokenizer;
    this.preprocessor = preprocessor;
    this.info = info;
    this.options = options;
    this.owned = owned.clone();
    this.pool =
        Executors.newFixedThreadPool(
            options.preprocessThreads(),
            r -> {
              Thread t = new Thread(r, "qwenvl-preprocess");
              t.setDaemon(true);
              return t;
            });
    this.preparer =
        new RequestPreparer(tokenizer, preprocessor, grammars, options, service.spatialMergeSize());
  }

  /**
   * Opens a model ("tiny", a local checkpoint directory, or a Hugging Face id downloaded once), its
   * tokenizer and preprocessor config, and an engine on {@code opts.model().device()}.
   */
  public static Annotator open(String modelIdOrDir, AnnotatorOptions opts) {
    DjlDefaults.apply();
    Path dir;
    try {
      dir = ModelResolver.resolve(modelIdOrDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve model '" + modelIdOrDir + "'", e);
    }
    QwenVlModel model = QwenVlModel.load(dir, opts.model());
    QwenTokenizer tok = null;
    try {
      tok = QwenTokenizer.load(dir.resolve("tokenizer.json"), model.config().text().vocabSize());
      PreprocessorConfig pre = PreprocessorConfig.load(dir);
      QwenVlEngine engine = new QwenVlEngine(model, opts.engine());
      ModelInfo info =
          new ModelInfo(
              modelIdOrDir,
              model.revision(),
              opts.model().device(),
              opts.model().precision().name());
      return new Annotator(engine, tok, pre, info, opts, model, tok);
    } catch (IOException | RuntimeException e) {
      if (tok != null) {
        tok.close();
      }
      model.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot load the tokenizer of " + dir, io);
      }
      throw (RuntimeException) e;
    }
  }

  public ModelInfo modelInfo() {
    return info;
  }

  /**
   * Queues one request; the future always completes normally, failures as failure rows (also when
   * the annotator closes before the request ran).
   */
  public CompletableFuture<TaskResult> submit(AnnotationRequest request) {
    long start = System.nanoTime();
    AtomicReference<Future<?>> engineFuture = new AtomicReference<>();
    CompletableFuture<RequestPreparer.Outcome> prepared;
    try {
      prepared = CompletableFuture.supplyAsync(() -> preparer.prepare(request, start), pool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          TaskResult.failure(
              request.task().kind(),
              "generate",
              request.mediaId() + ": the annotator is closed",
              0));
    }
    CompletableFuture<TaskResult> f =
        prepared.thenCompose(
            p ->
                p.failure() != null
                    ? CompletableFuture.completedFuture(p.failure())
                    : generate(p.prepared(), engineFuture));
    pending.put(f, request);
    f.whenComplete(
        (r, e) -> {
          pending.remove(f);
          if (f.isCancelled()) {
            Future<?> g = engineFuture.getAndSet(CANCELLED);
            if (g != null) {
              g.cancel(false); // the engine frees the request's KV slot at its next step
            }
          }
        });
    return f;
  }

  /** Annotates a batch; results in request order; never throws for a request's content. */
  public List<TaskResult> annotate(List<AnnotationRequest> requests) {
    List<CompletableFuture<TaskResult>> futures = new ArrayList<>(requests.size());
    for (AnnotationRequest r : requests) {
      futures.add(submit(r));
    }
    List<TaskResult> out = new ArrayList<>(requests.size());
    for (CompletableFuture<TaskResult> f : futures) {
      out.add(f.join());
    }
    return out;
  }

  private CompletableFuture<TaskResult> generate(
      PreparedRequest p, AtomicReference<Future<?>> engineFuture) {
    AnnotationRequest r = p.request();
    CompletableFuture<io.sparkqwenvl.generate.GenerationResult> gen;
    try {
      gen =
          service.submit(
              new EngineRequest(
                  p.promptIds(),
                  List.of(p.vision()),
                  r.task().generation(),
                  RequestPreparer.constraintOf(p)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(p, "generate", e));
    }
    if (!engineFuture.compareAndSet(null, gen)) {
      gen.cancel(false); // the caller cancelled while this request was being submitted
    }
    return gen.handle(
        (g, err) -> {
          if (err != null) {
            return failure(p, "generate", err);
          }
          try {
            return ResultAssembler.assemble(p, g, tokenizer::decode);
          } catch (RuntimeException e) {
            return failure(p, "parse", e);
          }
        });
  }

  private static TaskResult failure(PreparedRequest p, String stage, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return TaskResult.failure(
        p.request().task().kind(),
        stage,
        p.request().mediaId() + ": " + stage + " failed: " + cause,
        (System.nanoTime() - p.startNanos()) / 1_000_000);
  }

  @Override
  public void close() {
    pool.shutdownNow(); // drops queued preparations: their futures are failed below
    service.close();
    for (Map.Entry<CompletableFuture<TaskResult>, AnnotationRequest> e : pending.entrySet()) {
      AnnotationRequest r = e.getValue();
      e.getKey()
          .complete(
              TaskResult.failure(
                  r.task().kind(),
                  "generate",
                  r.mediaId() + ": the annotator closed before the request finished",
                  0));
    }
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + c, e);
      }
    }
  }

  AnnotatorOptions options() {
    return options;
  }

  /** The settings the engine behind this annotator was built with. */
  public EngineOptions engineOptions() {
    return options.engine();
  }

  PreprocessorConfig preprocessor() {
    return preprocessor;
  }
}
