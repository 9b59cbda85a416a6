package io.sparkqwenvl.prompt;

import io.sparkqwenvl.preprocess.VisionInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a conversation with {@link ChatTemplate}, expands the k-th {@code <|image_pad|>} / {@code
 * <|video_pad|>} to the k-th vision input's merged-token count (as the HF processor does) and
 * tokenizes. Text between pads is tokenized separately, which equals tokenizing the expanded string
 * because special tokens are split off before BPE.
 */
public final class PromptBuilder {

  private final QwenTokenizer tokenizer;
  private final int imagePadId;
  private final int videoPadId;

  public PromptBuilder(QwenTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.imagePadId = requireId(tokenizer, ChatTemplate.IMAGE_PAD);
    this.videoPadId = requireId(tokenizer, ChatTemplate.VIDEO_PAD);
  }

  private static int requireId(QwenTokenizer tok, String token) {
    int id = tok.tokenId(token);
    if (id < 0) {
      throw new IllegalArgumentException("tokenizer has no single id for " + token);
    }
    return id;
  }

  /** Prompt ids with the generation prompt appended. */
  public int[] build(List<ChatMessage> messages, List<VisionInput> vision, int mergeSize) {
    return build(messages, vision, mergeSize, true, false);
  }

  /**
   * Prompt ids.
   *
   * @param vision one input per image/video item, in prompt order, kinds matching
   * @throws IllegalArgumentException when the items and the vision inputs do not match
   */
  public int[] build(
      List<ChatMessage> messages,
      List<VisionInput> vision,
      int mergeSize,
      boolean addGenerationPrompt,
      boolean addVisionId) {
    String text = ChatTemplate.render(messages, addGenerationPrompt, addVisionId);
    List<int[]> pieces = new ArrayList<>();
    int k = 0;
    int pos = 0;
    while (true) {
      int img = text.indexOf(ChatTemplate.IMAGE_PAD, pos);
      int vid = text.indexOf(ChatTemplate.VIDEO_PAD, pos);
      int at = img < 0 ? vid : vid < 0 ? img : Math.min(img, vid);
      pieces.add(tokenizer.encode(text.substring(pos, at < 0 ? text.length() : at)));
      if (at < 0) {
        break;
      }
      boolean image = at == img;
      VisionInput v =
          visionAt(vision, k++, image ? VisionInput.Kind.IMAGE : VisionInput.Kind.VIDEO);
      int[] pads = new int[v.mergedTokens(mergeSize)];
      Arrays.fill(pads, image ? imagePadId : videoPadId);
      pieces.add(pads);
      pos = at + (image ? ChatTemplate.IMAGE_PAD : ChatTemplate.VIDEO_PAD).length();
    }
    if (k != vision.size()) {
      throw new IllegalArgumentException(
          "the prompt has "
              + k
              + " image/video items but "
              + vision.size()
              + " vision inputs were given");
    }
    return concat(pieces);
  }

  private static int[] concat(List<int[]> pieces) {
    int[] ids = new int[pieces.stream().mapToInt(p -> p.length).sum()];
    int off = 0;
    for (int[] p : pieces) {
      System.arraycopy(p, 0, ids, off, p.length);
      off += p.length;
    }
    return ids;
  }

  private static VisionInput visionAt(List<VisionInput> vision, int k, VisionInput.Kind kind) {
    if (k >= vision.size()) {
      throw new IllegalArgumentException(
          "the prompt has more image/video items than the "
              + vision.size()
              + " vision inputs given");
    }
    VisionInput v = vision.get(k);
    if (v.kind() != kind) {
      throw new IllegalArgumentException(
          "media item "
              + (k + 1)
              + " of the prompt is a "
              + kind
              + " but vision input "
              + (k + 1)
              + " is a "
              + v.kind());
    }
    return v;
  }
}
