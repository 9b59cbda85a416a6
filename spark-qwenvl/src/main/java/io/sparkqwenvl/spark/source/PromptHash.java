package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskPrompts;
import io.sparkqwenvl.tasks.TaskSpec;
import io.sparkqwenvl.tasks.schema.DataType;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 (hex) of everything besides the model and the media that decides an answer: the task, the
 * system and user prompt templates the model sees for images and videos (the task's defaults from
 * {@link TaskPrompts} with overrides applied, so a changed default changes the hash), the target
 * and schema, the generation settings and the preprocessing settings. Two reads with the same hash
 * and the same model revision ask the same question, so their rows are interchangeable.
 */
final class PromptHash {

  private PromptHash() {}

  static String of(TaskSpec task, MediaOptions media) {
    GenerationConfig g = task.generation();
    String canonical =
        String.join(
            "\n",
            "v1",
            "task=" + task.kind().id(),
            "image_prompt=" + prompt(task, VisionInput.Kind.IMAGE),
            "video_prompt=" + prompt(task, VisionInput.Kind.VIDEO),
            "target=" + nullable(task.target()),
            "schema=" + nullable(task.schemaDdl()),
            "max_new_tokens=" + g.maxNewTokens(),
            "do_sample=" + g.doSample(),
            "temperature=" + (g.doSample() ? g.temperature() : 0),
            "top_k=" + (g.doSample() ? g.topK() : 0),
            "top_p=" + (g.doSample() ? g.topP() : 1),
            "seed=" + (g.doSample() ? g.seed() : 0),
            "repetition_penalty=" + g.repetitionPenalty(),
            "min_pixels=" + media.minPixels(),
            "max_pixels=" + media.maxPixels(),
            "fps=" + media.fps(),
            "max_frames=" + media.maxFrames(),
            "alpha_on_white=" + media.alphaOnWhite());
    return sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
  }

  /** The system and user prompt the model sees, overrides applied ({@link TaskPrompts}). */
  private static String prompt(TaskSpec task, VisionInput.Kind kind) {
    DataType.StructType schema =
        task.kind() == TaskKind.EXTRACT ? SchemaParser.parse(task.schemaDdl()) : null;
    TaskPrompts.Prompt p = TaskPrompts.of(task, kind, schema);
    return nullable(p.system()) + "|" + nullable(p.user());
  }

  private static String nullable(String s) {
    return s == null ? "<default>" : s.length() + ":" + s;
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
