package io.sparkqwenvl.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkqwenvl.preprocess.VisionInput;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with golden/prompts/prompts.json (transformers 5.17 apply_chat_template + processor).
 */
class GoldenPromptTest {

  private static QwenTokenizer tok;
  private static JsonNode root;

  @BeforeAll
  static void load() throws IOException {
    tok = QwenTokenizer.bundled();
    root = golden();
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  static JsonNode golden() throws IOException {
    try (InputStream in =
        GoldenPromptTest.class.getResourceAsStream("/golden/prompts/prompts.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static Stream<String> cases() throws IOException {
    List<String> names = new ArrayList<>();
    golden().get("cases").fieldNames().forEachRemaining(names::add);
    return names.stream();
  }

  static List<ChatMessage> messages(JsonNode msgs) {
    List<ChatMessage> out = new ArrayList<>();
    for (JsonNode m : msgs) {
      Role role = Role.valueOf(m.get("role").asText().toUpperCase(java.util.Locale.ROOT));
      JsonNode content = m.get("content");
      List<ContentPart> parts = new ArrayList<>();
      if (content.isTextual()) {
        parts.add(ContentPart.text(content.asText()));
      } else {
        for (JsonNode p : content) {
          switch (p.get("type").asText()) {
            case "image" -> parts.add(ContentPart.image());
            case "video" -> parts.add(ContentPart.video());
            default -> parts.add(ContentPart.text(p.get("text").asText()));
          }
        }
      }
      out.add(new ChatMessage(role, parts));
    }
    return out;
  }

  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  /** Vision inputs with the golden grids, in prompt order. */
  static List<VisionInput> vision(JsonNode c, List<ChatMessage> msgs) {
    Iterator<JsonNode> images = c.path("image_grid_thw").iterator();
    Iterator<JsonNode> videos = c.path("video_grid_thw").iterator();
    List<VisionInput> out = new ArrayList<>();
    for (ChatMessage m : msgs) {
      for (ContentPart p : m.parts()) {
        boolean image = p instanceof ContentPart.Image;
        if (image || p instanceof ContentPart.Video) {
          int[] g = ints((image ? images : videos).next());
          out.add(
              new VisionInput(
                  image ? VisionInput.Kind.IMAGE : VisionInput.Kind.VIDEO,
                  new float[g[0] * g[1] * g[2]],
                  g[0],
                  g[1],
                  g[2],
                  0,
                  1,
                  1,
                  g[2] * 14,
                  g[1] * 14,
                  null));
        }
      }
    }
    return out;
  }

  @Test
  void systemPromptIds() {
    assertThat(tok.encode(ChatTemplate.DEFAULT_SYSTEM))
        .containsExactly(ints(root.get("you_are_a_helpful_assistant_ids")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void templateStringAndIdsMatch(String name) {
    JsonNode c = root.get("cases").get(name);
    List<ChatMessage> msgs = messages(c.get("messages"));
    String rendered = ChatTemplate.render(msgs, true);
    assertThat(rendered).isEqualTo(c.get("chat_template_string").asText());
    assertThat(tok.encode(rendered)).containsExactly(ints(c.get("template_ids_unexpanded")));
    int[] ids = new PromptBuilder(tok).build(msgs, vision(c, msgs), 2);
    assertThat(ids).containsExactly(ints(c.get("input_ids")));
  }
}
