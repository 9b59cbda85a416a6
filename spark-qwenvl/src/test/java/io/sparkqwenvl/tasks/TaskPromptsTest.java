package io.sparkqwenvl.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.preprocess.VisionInput.Kind;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import org.junit.jupiter.api.Test;

class TaskPromptsTest {

  private static final GenerationConfig G = GenerationConfig.greedy(16);

  @Test
  void cookbookPrompts() {
    assertThat(TaskPrompts.of(TaskSpec.of(TaskKind.CAPTION, G), Kind.IMAGE, null).user())
        .isEqualTo("Describe this image.");
    assertThat(TaskPrompts.of(TaskSpec.of(TaskKind.CAPTION, G), Kind.VIDEO, null).user())
        .isEqualTo("Describe this video.");
    assertThat(TaskPrompts.of(TaskSpec.of(TaskKind.OCR, G), Kind.IMAGE, null).user())
        .startsWith("Read all the text in the image.");
    TaskPrompts.Prompt html = TaskPrompts.of(TaskSpec.of(TaskKind.OCR_HTML, G), Kind.IMAGE, null);
    assertThat(html.user()).isEqualTo("QwenVL HTML ");
    assertThat(html.system()).startsWith("You are an AI specialized in recognizing");
    TaskSpec detect = new TaskSpec(TaskKind.DETECT, null, null, "small cake", null, G);
    assertThat(TaskPrompts.of(detect, Kind.IMAGE, null).user())
        .isEqualTo(
            "Outline the position of each small cake and output all the coordinates in JSON"
                + " format.");
    assertThat(TaskPrompts.of(detect, Kind.IMAGE, null).system()).isNull();
  }

  @Test
  void overridesWin() {
    TaskSpec s =
        new TaskSpec(
            TaskKind.DETECT, "Locate the {target}, output JSON.", "Be terse.", "red car", null, G);
    TaskPrompts.Prompt p = TaskPrompts.of(s, Kind.IMAGE, null);
    assertThat(p.user()).isEqualTo("Locate the red car, output JSON.");
    assertThat(p.system()).isEqualTo("Be terse.");
    TaskSpec free = new TaskSpec(TaskKind.PROMPT, "What is this?", null, null, null, G);
    assertThat(TaskPrompts.of(free, Kind.IMAGE, null).user()).isEqualTo("What is this?");
  }

  @Test
  void extractionPromptListsFieldsTypesCommentsAndAsksForJsonOnly() {
    String ddl =
        "company STRING COMMENT 'seller name', total DECIMAL(10,2), date DATE,"
            + " kind STRING COMMENT 'one of: invoice, receipt', items ARRAY<STRUCT<q: INT>>";
    String p =
        TaskPrompts.of(
                new TaskSpec(TaskKind.EXTRACT, null, null, null, ddl, G),
                Kind.IMAGE,
                SchemaParser.parse(ddl))
            .user();
    assertThat(p)
        .startsWith(
            "Extract the key-value information in the format:{\"company\": \"\", \"total\": 0.00,"
                + " \"date\": \"YYYY-MM-DD\", \"kind\": \"\", \"items\": [{\"q\": 0}]}");
    assertThat(p)
        .contains("- company (string): seller name")
        .contains("- total (number with at most 2 decimals)")
        .contains("- kind (string): one of invoice, receipt")
        .contains("Output only the JSON object");
  }
}
