package io.sparkqwenvl.prompt;

import java.util.List;

/**
 * The Qwen2-VL / Qwen2.5-VL ChatML chat template (chat_template.json), rendered exactly: a default
 * system turn when the first message is not a system message, each turn as {@code
 * <|im_start|>role\n...<|im_end|>\n}, content items in order with no separators, one {@code
 * <|vision_start|><|image_pad|><|vision_end|>} (or video) per media item, optional "Picture k: " /
 * "Video k: " prefixes, and {@code <|im_start|>assistant\n} as generation prompt.
 */
public final class ChatTemplate {

  public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";
  public static final String IMAGE_PAD = "<|image_pad|>";
  public static final String VIDEO_PAD = "<|video_pad|>";
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";
  static final String IMAGE = "<|vision_start|>" + IMAGE_PAD + "<|vision_end|>";
  static final String VIDEO = "<|vision_start|>" + VIDEO_PAD + "<|vision_end|>";

  private ChatTemplate() {}

  /** Renders without vision ids. */
  public static String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return render(messages, addGenerationPrompt, false);
  }

  /** Renders the conversation like {@code apply_chat_template(..., tokenize=False)}. */
  public static String render(
      List<ChatMessage> messages, boolean addGenerationPrompt, boolean addVisionId) {
    StringBuilder sb = new StringBuilder();
    int images = 0;
    int videos = 0;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      if (i == 0 && m.role() != Role.SYSTEM) {
        sb.append(IM_START).append("system\n").append(DEFAULT_SYSTEM).append(IM_END).append('\n');
      }
      sb.append(IM_START).append(m.role().wireName()).append('\n');
      for (ContentPart part : m.parts()) {
        if (part instanceof ContentPart.Image) {
          images++;
          sb.append(addVisionId ? "Picture " + images + ": " : "").append(IMAGE);
        } else if (part instanceof ContentPart.Video) {
          videos++;
          sb.append(addVisionId ? "Video " + videos + ": " : "").append(VIDEO);
        } else if (part instanceof ContentPart.Text t) {
          sb.append(t.text());
        }
      }
      sb.append(IM_END).append('\n');
    }
    if (addGenerationPrompt) {
      sb.append(IM_START).append("assistant\n");
    }
    return sb.toString();
  }
}
