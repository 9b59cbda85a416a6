package io.sparkqwenvl.tasks;

import io.sparkqwenvl.generate.TokenConstraint;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.preprocess.MediaException;
import io.sparkqwenvl.preprocess.MediaHeader;
import io.sparkqwenvl.preprocess.MediaPreprocessor;
import io.sparkqwenvl.preprocess.MediaProbe;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.prompt.ChatMessage;
import io.sparkqwenvl.prompt.ContentPart;
import io.sparkqwenvl.prompt.PromptBuilder;
import io.sparkqwenvl.prompt.QwenTokenizer;
import io.sparkqwenvl.tasks.grammar.JsonGrammar;
import io.sparkqwenvl.tasks.schema.DataType;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Preprocess + prompt + constraint for one request; failures become failure rows. */
final class RequestPreparer {

  /** Either a prepared request or the failure row that replaces it. */
  record Outcome(PreparedRequest prepared, TaskResult failure) {}

  private final QwenTokenizer tokenizer;
  private final PromptBuilder prompts;
  private final PreprocessorConfig preprocessor;
  private final Map<String, JsonGrammar> grammars;
  private final AnnotatorOptions options;
  private final int mergeSize;

  RequestPreparer(
      QwenTokenizer tokenizer,
      PreprocessorConfig preprocessor,
      Map<String, JsonGrammar> grammars,
      AnnotatorOptions options,
      int mergeSize) {
    this.tokenizer = tokenizer;
    this.prompts = new PromptBuilder(tokenizer);
    this.preprocessor = preprocessor;
    this.grammars = grammars;
    this.options = options;
    this.mergeSize = mergeSize;
  }

  Outcome prepare(AnnotationRequest r, long start) {
    TaskKind kind = r.task().kind();
    String id = r.mediaId();
    VisionInput v;
    Double duration;
    try {
      v =
          r.content() != null
              ? MediaPreprocessor.preprocess(id, r.content(), r.media(), preprocessor)
              : MediaPreprocessor.preprocess(Path.of(id), r.media(), preprocessor);
      duration = v.kind() == VisionInput.Kind.VIDEO ? duration(r) : null;
    } catch (MediaException e) {
      return fail(kind, stageOf(e), e.getMessage(), start);
    } catch (InvalidPathException e) {
      return fail(kind, "read", id + ": io: not a readable path: " + e.getMessage(), start);
    } catch (RuntimeException e) {
      return fail(kind, "preprocess", id + ": preprocess failed: " + e, start);
    }
    try {
      DataType.StructType schema =
          kind == TaskKind.EXTRACT ? SchemaParser.parse(r.task().schemaDdl()) : null;
      TaskPrompts.Prompt p = TaskPrompts.of(r.task(), v.kind(), schema);
      List<ChatMessage> messages = new ArrayList<>();
      if (p.system() != null) {
        messages.add(ChatMessage.system(p.system()));
      }
      ContentPart media =
          v.kind() == VisionInput.Kind.VIDEO ? new ContentPart.Video() : new ContentPart.Image();
      messages.add(ChatMessage.user(media, new ContentPart.Text(p.user())));
      int[] ids = prompts.build(messages, List.of(v), mergeSize);
      RepetitionGuard guard = guard(r, schema);
      return new Outcome(new PreparedRequest(r, v, ids, schema, guard, duration, start), null);
    } catch (RuntimeException e) {
      return fail(kind, "prompt", id + ": prompt failed: " + e.getMessage(), start);
    }
  }

  private RepetitionGuard guard(AnnotationRequest r, DataType.StructType schema) {
    int[] stops = r.task().generation().stopTokenIds();
    TokenConstraint inner = null;
    if (schema != null) {
      String key = r.task().schemaDdl() + Arrays.toString(stops);
      inner =
          grammars
              .computeIfAbsent(key, k -> JsonGrammar.compile(schema, tokenizer, stops))
              .newConstraint();
    }
    if (!options.repetitionGuard()) {
      return inner == null
          ? null
          : new RepetitionGuard(
              inner,
              tokenizer.size(),
              stops,
              new RepetitionDetector(16, Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2));
    }
    return new RepetitionGuard(inner, tokenizer.size(), stops, new RepetitionDetector());
  }

  /** The sequence's constraint: its guard (which wraps the grammar), or null. */
  static TokenConstraint constraintOf(PreparedRequest p) {
    return p.guard();
  }

  private static Double duration(AnnotationRequest r) {
    try {
      MediaHeader h =
          r.content() != null
              ? MediaProbe.probe(r.mediaId(), r.content())
              : MediaProbe.probe(Path.of(r.mediaId()));
      return h.durationSeconds() > 0 ? h.durationSeconds() : null;
    } catch (MediaException | RuntimeException e) {
      return null;
    }
  }

  private static String stageOf(MediaException e) {
    switch (e.reason()) {
      case IO:
        return "read";
      case TOO_SMALL:
      case ASPECT_RATIO:
      case PIXEL_LIMIT:
        return "preprocess";
      default:
        return "decode";
    }
  }

  private static Outcome fail(TaskKind kind, String stage, String message, long start) {
    return new Outcome(
        null, TaskResult.failure(kind, stage, message, (System.nanoTime() - start) / 1_000_000));
  }
}
