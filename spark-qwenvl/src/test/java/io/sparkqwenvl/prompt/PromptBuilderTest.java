package io.sparkqwenvl.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

  private static QwenTokenizer tok;
  private static PromptBuilder builder;

  @BeforeAll
  static void load() {
    tok = QwenTokenizer.bundled();
    builder = new PromptBuilder(tok);
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  static VisionInput input(VisionInput.Kind kind, int t, int h, int w) {
    return new VisionInput(
        kind,
        new float[t * h * w * 1176],
        t,
        h,
        w,
        kind == VisionInput.Kind.VIDEO ? 1.0 : 0.0,
        w * 14,
        h * 14,
        w * 14,
        h * 14,
        null);
  }

  @Test
  void oneImagePromptMatchesTheReferenceIds() {
    List<ChatMessage> msgs =
        List.of(ChatMessage.user(ContentPart.image(), ContentPart.text("Describe this image.")));
    // grid (1, 2, 2) -> exactly one merged token: the reference's one-pad prompt
    int[] ids = builder.build(msgs, List.of(input(VisionInput.Kind.IMAGE, 1, 2, 2)), 2);
    assertThat(ids)
        .containsExactly(
            151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198,
            151652, 151655, 151653, 74785, 419, 2168, 13, 151645, 198, 151644, 77091, 198);
  }

  @Test
  void expandsEachPadToItsMergedTokenCountInOrder() {
    List<ChatMessage> msgs =
        List.of(
            ChatMessage.user(
                ContentPart.image(), ContentPart.video(), ContentPart.text("Compare.")));
    VisionInput img = input(VisionInput.Kind.IMAGE, 1, 4, 4); // 4 tokens
    VisionInput vid = input(VisionInput.Kind.VIDEO, 2, 4, 6); // 12 tokens
    int[] ids = builder.build(msgs, List.of(img, vid), 2);
    assertThat(Arrays.stream(ids).filter(i -> i == 151655).count()).isEqualTo(4);
    assertThat(Arrays.stream(ids).filter(i -> i == 151656).count()).isEqualTo(12);
    int firstVideo = Arrays.stream(ids).boxed().toList().indexOf(151656);
    int lastImage = Arrays.stream(ids).boxed().toList().lastIndexOf(151655);
    assertThat(lastImage).isLessThan(firstVideo);
    String expanded =
        ChatTemplate.render(msgs, true)
            .replace("<|image_pad|>", "<|image_pad|>".repeat(4))
            .replace("<|video_pad|>", "<|video_pad|>".repeat(12));
    assertThat(ids).containsExactly(tok.encode(expanded));
  }

  @Test
  void refusesMismatchedVisionInputs() {
    List<ChatMessage> msgs = List.of(ChatMessage.user(ContentPart.image(), ContentPart.image()));
    VisionInput img = input(VisionInput.Kind.IMAGE, 1, 2, 2);
    assertThatThrownBy(() -> builder.build(msgs, List.of(img), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 vision inputs");
    assertThatThrownBy(() -> builder.build(msgs, List.of(img, img, img), 2))
        .hasMessageContaining("2 image/video items but 3");
    VisionInput vid = input(VisionInput.Kind.VIDEO, 1, 2, 2);
    assertThatThrownBy(() -> builder.build(msgs, List.of(img, vid), 2))
        .hasMessageContaining("media item 2 of the prompt is a IMAGE");
  }
}
