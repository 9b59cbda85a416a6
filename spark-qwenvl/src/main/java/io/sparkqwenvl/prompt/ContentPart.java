package io.sparkqwenvl.prompt;

import java.util.Objects;

/** One item of a message's content: text, an image slot or a video slot, kept in order. */
public sealed interface ContentPart {

  /** Verbatim text. */
  record Text(String text) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** An image; its pixels travel separately as a VisionInput, in prompt order. */
  record Image() implements ContentPart {}

  /** A video; its frames travel separately as a VisionInput, in prompt order. */
  record Video() implements ContentPart {}

  static ContentPart text(String text) {
    return new Text(text);
  }

  static ContentPart image() {
    return new Image();
  }

  static ContentPart video() {
    return new Video();
  }
}
