package io.sparkqwenvl.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

  @Test
  void rendersTheOneImagePromptExactly() {
    String s =
        ChatTemplate.render(
            List.of(
                ChatMessage.user(ContentPart.image(), ContentPart.text("Describe this image."))),
            true);
    assertThat(s)
        .isEqualTo(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>"
                + "Describe this image.<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void keepsAGivenSystemMessageAndItemOrder() {
    String s =
        ChatTemplate.render(
            List.of(
                ChatMessage.system("Be terse."),
                ChatMessage.user(
                    ContentPart.text("A"),
                    ContentPart.video(),
                    ContentPart.text("B"),
                    ContentPart.image()),
                ChatMessage.assistant("ok"),
                ChatMessage.user("again")),
            false);
    assertThat(s)
        .isEqualTo(
            "<|im_start|>system\nBe terse.<|im_end|>\n<|im_start|>user\nA"
                + "<|vision_start|><|video_pad|><|vision_end|>B"
                + "<|vision_start|><|image_pad|><|vision_end|><|im_end|>\n"
                + "<|im_start|>assistant\nok<|im_end|>\n<|im_start|>user\nagain<|im_end|>\n");
  }

  @Test
  void numbersPicturesAndVideosSeparatelyWithVisionIds() {
    String s =
        ChatTemplate.render(
            List.of(
                ChatMessage.user(ContentPart.image(), ContentPart.video(), ContentPart.image())),
            true,
            true);
    assertThat(s)
        .contains(
            "Picture 1: <|vision_start|><|image_pad|><|vision_end|>"
                + "Video 1: <|vision_start|><|video_pad|><|vision_end|>"
                + "Picture 2: <|vision_start|><|image_pad|><|vision_end|>");
  }
}
