package io.sparkqwenvl.prompt;

import java.util.List;
import java.util.Objects;

/**
 * One chat turn: a role and its content items in order.
 *
 * @param role speaker
 * @param parts content items (a plain string message is a single text part)
 */
public record ChatMessage(Role role, List<ContentPart> parts) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    parts = List.copyOf(parts);
  }

  public static ChatMessage system(String text) {
    return new ChatMessage(Role.SYSTEM, List.of(ContentPart.text(text)));
  }

  public static ChatMessage user(ContentPart... parts) {
    return new ChatMessage(Role.USER, List.of(parts));
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, List.of(ContentPart.text(text)));
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage(Role.ASSISTANT, List.of(ContentPart.text(text)));
  }
}
