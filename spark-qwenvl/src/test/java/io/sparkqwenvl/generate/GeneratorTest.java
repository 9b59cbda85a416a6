package io.sparkqwenvl.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.model.ModelOptions;
import io.sparkqwenvl.model.QwenVlModel;
import io.sparkqwenvl.model.TinyModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorTest {

  private static final int[] PROMPT = {151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198};
  private QwenVlModel model;

  @BeforeAll
  void load() {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    model =
        QwenVlModel.load(
            TinyModel.materialize(
                Path.of(System.getProperty("java.io.tmpdir"), "spark-qwenvl-test")),
            ModelOptions.cpu());
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void finishReasonsLengthStopAndConstraint() {
    // The tiny model's greedy continuation is 198 ("\n") repeated; making 198 a stop token stops
    // at once, a constraint allowing only 3 completes after one token.
    GenerationConfig greedy = GenerationConfig.greedy(3);
    GenerationConfig stop198 =
        new GenerationConfig(3, false, 1, 0, 1, 1, 0, new int[] {198}, false);
    SamplerTest.OnlyThree only3 = new SamplerTest.OnlyThree();
    List<GenerationResult> r =
        model.generate(
            List.of(
                new EngineRequest(PROMPT, List.of(), greedy, null),
                new EngineRequest(PROMPT, List.of(), stop198, null),
                new EngineRequest(PROMPT, List.of(), greedy, only3),
                new EngineRequest(PROMPT, List.of(), stop198.withIgnoreEos(true), null)));
    assertThat(r.get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(r.get(0).tokenIds()).containsExactly(198, 198, 198);
    assertThat(r.get(1).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.get(1).tokenIds()).isEmpty();
    assertThat(r.get(2).finishReason()).isEqualTo(FinishReason.CONSTRAINT_COMPLETE);
    assertThat(r.get(2).tokenIds()).containsExactly(3);
    assertThat(r.get(3).tokenIds()).hasSize(3);
    assertThat(r.get(0).promptTokens()).isEqualTo(PROMPT.length);
  }
}
