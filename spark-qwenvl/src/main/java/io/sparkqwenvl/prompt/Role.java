package io.sparkqwenvl.prompt;

import java.util.Locale;

/** Speaker of a chat turn, rendered lower-case after {@code <|im_start|>}. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT;

  /** The name used in the chat template ("system", "user", "assistant"). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
