package io.sparkqwenvl.jobs;

import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key parts that identify "the same annotation": {@code prompt_hash} is the SHA-256 of every
 * setting that changes the output except the model (task kind, prompt, system prompt, target,
 * schema, max new tokens, sampling settings, pixel bounds, fps); the model is keyed separately by
 * its revision.
 */
public final class TaskKeys {

  private TaskKeys() {}

  /** SHA-256 hex of the canonical description of the task and media settings. */
  public static String promptHash(TaskSpec t, MediaOptions m) {
    var g = t.generation();
    String canonical =
        String.join(
            "\u0001",
            t.kind().id(),
            s(t.prompt()),
            s(t.systemPrompt()),
            s(t.target()),
            s(t.schemaDdl()),
            "max_new_tokens=" + g.maxNewTokens(),
            "sample=" + g.doSample() + "/" + g.temperature() + "/" + g.topK() + "/" + g.topP(),
            "penalty=" + g.repetitionPenalty() + " seed=" + g.seed(),
            "pixels=" + s(m.minPixels()) + "-" + s(m.maxPixels()),
            "fps=" + s(m.fps()) + " frames=" + s(m.maxFrames()));
    return sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
  }

  /** The task's parameter as shown in the table's {@code prompt} column. */
  public static String promptText(TaskSpec t) {
    return switch (t.kind()) {
      case DETECT -> t.target() != null ? t.target() : t.prompt();
      case EXTRACT -> t.schemaDdl();
      default -> t.prompt();
    };
  }

  /** SHA-256 of bytes as lower-case hex. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static String s(Object o) {
    return o == null ? "" : o.toString();
  }
}
