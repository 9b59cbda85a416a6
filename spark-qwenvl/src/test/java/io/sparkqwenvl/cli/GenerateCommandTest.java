package io.sparkqwenvl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.model.TinyModel;
import io.sparkqwenvl.model.hub.HubOptions;
import io.sparkqwenvl.preprocess.ImageProcessor;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.prompt.PromptBuilder;
import io.sparkqwenvl.prompt.QwenTokenizer;
import io.sparkqwenvl.runtime.Json;
import io.sparkqwenvl.tasks.MediaOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qwenvl generate} end to end on the tiny checkpoint (CPU): the JSON agrees with the library
 * pieces it is built from, and the golden case1_single_image / case3_video (transformers 5.17
 * greedy continuations) are reproduced through the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerateCommandTest {

  static {
    // Tests share 2 cores with other builds: libtorch's OpenMP pool is much slower there.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  private static final Path CACHE =
      Path.of(System.getProperty("java.io.tmpdir"), "spark-qwenvl-test");

  private Path tiny;
  private Path tinyRp15;
  private QwenTokenizer tokenizer;

  /** Exit status, stdout and stderr of one run. */
  record Run(int rc, String out, String err) {
    JsonNode json() {
      return Json.parse(out);
    }
  }

  @BeforeAll
  void setUp(@TempDir Path tmp) throws IOException {
    tiny = TinyModel.materialize(CACHE);
    tokenizer = QwenTokenizer.load(tiny.resolve("tokenizer.json"), 151936);
    tinyRp15 = withGenerationConfig(tmp.resolve("tiny-rp15"), "repetition_penalty", 1.5);
  }

  @AfterAll
  void tearDown() {
    tokenizer.close();
  }

  /** A copy of the tiny checkpoint (weights linked) whose generation_config.json differs. */
  private Path withGenerationConfig(Path dir, String key, double value) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(tiny)) {
      for (Path f : files.toList()) {
        Files.createSymbolicLink(dir.resolve(f.getFileName()), f);
      }
    }
    Path gen = dir.resolve("generation_config.json");
    ObjectNode n = (ObjectNode) Json.read(gen);
    n.put(key, value);
    Files.delete(gen);
    Files.writeString(gen, Json.write(n));
    return dir;
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    HubOptions hub = HubOptions.fromEnvironment().withCacheRoot(CACHE).withOffline(true);
    int rc =
        GenerateCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            hub);
    return new Run(
        rc, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
  }

  private static Path resource(String name) {
    try {
      return Path.of(GenerateCommandTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode golden(String name) throws IOException {
    try (InputStream in = GenerateCommandTest.class.getResourceAsStream(name)) {
      return Json.MAPPER.readTree(in);
    }
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asInt()));
    return out;
  }

  private static int[] intArray(JsonNode array) {
    return ints(array).stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void jsonAgreesWithTheProcessorPromptBuilderAndTokenizer() throws Exception {
    Path png = resource("/fixtures/baseline_100x100.jpg");
    Run r =
        run(
            "--model",
            "tiny",
            "--image",
            png.toString(),
            "--prompt",
            "What is this?",
            "--max-new-tokens",
            "3",
            "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.err()).contains("WARNING").contains("random weights").contains("meaningless");
    JsonNode j = r.json();

    VisionInput v =
        ImageProcessor.process(
            png.toString(),
            Files.readAllBytes(png),
            MediaOptions.DEFAULTS,
            PreprocessorConfig.load(tiny));
    assertThat(ints(j.get("image_grid_thw"))).containsExactly(v.gridT(), v.gridH(), v.gridW());
    assertThat(ints(j.get("image_grid_thw"))).containsExactly(1, 8, 8);
    assertThat(j.has("video_grid_thw")).isFalse();
    assertThat(ints(j.get("resized_size"))).containsExactly(112, 112);
    assertThat(ints(j.get("original_size"))).containsExactly(100, 100);
    assertThat(j.get("min_pixels").asLong()).isEqualTo(3136);
    assertThat(j.get("max_pixels").asLong()).isEqualTo(12845056);

    GenerateArgs a =
        GenerateArgs.parse(
            new String[] {"--model", "tiny", "--image", "x", "--prompt", "What is this?"});
    int[] prompt = new PromptBuilder(tokenizer).build(GenerateCommand.messages(a), List.of(v), 2);
    assertThat(j.get("prompt_tokens").asInt()).isEqualTo(prompt.length);
    assertThat(j.get("vision_tokens").asInt()).isEqualTo(16);

    int[] ids = intArray(j.get("generated_token_ids"));
    assertThat(ids.length).isBetween(0, 3).isEqualTo(j.get("output_tokens").asInt());
    assertThat(j.get("text").asText()).isEqualTo(tokenizer.decode(ids));
    assertThat(j.get("finish_reason").asText()).isIn("stop", "length");
    assertThat(j.get("model").asText()).isEqualTo("tiny");
    assertThat(j.get("model_dir").asText()).isEqualTo(tiny.toString());
    assertThat(j.get("revision").asText()).matches("[0-9a-f]{16}");
    assertThat(j.get("device").asText()).isEqualTo("cpu");
    assertThat(j.get("precision").asText()).isEqualTo("fp32");
    assertThat(j.get("generation").get("source").asText()).isEqualTo("generation_config.json");
    assertThat(j.get("generation").get("repetition_penalty").asDouble()).isEqualTo(1.05);
    assertThat(j.get("generation").get("do_sample").asBoolean()).isFalse();
    assertThat(j.get("timings_ms").get("total_ms").asLong()).isPositive();
    assertThat(j.get("timings_ms").has("prefill_ms")).isTrue();
  }

  @Test
  void reproducesTheGoldenSingleImageCaseThroughTheCli() throws Exception {
    JsonNode g = golden("/golden/model/case1_single_image.json");
    Path png = resource("/fixtures/" + g.get("fixtures").get(0).asText());
    String text = g.get("messages").get(0).get(0).get("content").get(1).get("text").asText();
    assertThat(text).isEqualTo("Describe this image.");

    // The CLI's prompt is the reference's: same ids once the image is expanded.
    GenerateArgs a =
        GenerateArgs.parse(new String[] {"--model", "x", "--image", "x", "--prompt", text});
    VisionInput v =
        ImageProcessor.process(
            png.toString(),
            Files.readAllBytes(png),
            a.mediaOptions(),
            PreprocessorConfig.load(tiny));
    int[] prompt = new PromptBuilder(tokenizer).build(GenerateCommand.messages(a), List.of(v), 2);
    assertThat(prompt).containsExactly(intArray(g.get("input_ids").get(0)));

    // generation_config.json with repetition_penalty 1.5: varied tokens, a discriminating case.
    Run r15 =
        run(
            "--model",
            tinyRp15.toString(),
            "--image",
            png.toString(),
            "--prompt",
            text,
            "--max-new-tokens",
            "12",
            "--json");
    assertThat(r15.rc()).as(r15.err()).isZero();
    JsonNode j = r15.json();
    assertThat(j.get("image_grid_thw")).isEqualTo(g.get("image_grid_thw").get(0));
    assertThat(j.get("prompt_tokens").asInt()).isEqualTo(31);
    assertThat(j.get("generated_token_ids")).isEqualTo(g.get("greedy_rp1.5").get(0));
    assertThat(j.get("text").asText()).isEqualTo(g.get("greedy_rp1.5_text").get(0).asText());
    assertThat(j.get("finish_reason").asText()).isEqualTo("length");

    // --greedy keeps the file's penalty (1.05 for the tiny checkpoint): twelve "\n".
    Run greedy =
        run(
            "--model",
            tiny.toString(),
            "--image",
            png.toString(),
            "--prompt",
            text,
            "--max-new-tokens",
            "12",
            "--greedy",
            "--json");
    assertThat(greedy.rc()).as(greedy.err()).isZero();
    JsonNode k = greedy.json();
    assertThat(k.get("generated_token_ids")).isEqualTo(g.get("greedy_rp1.05").get(0));
    assertThat(k.get("generation").get("source").asText()).isEqualTo("--greedy");
    assertThat(k.get("generation").get("repetition_penalty").asDouble()).isEqualTo(1.05);
  }

  @Test
  void videoGivesVideoGridAndSecondsPerGrid() throws Exception {
    JsonNode g = golden("/golden/model/case3_video.json");
    Path mp4 = resource("/fixtures/clip_160x120_7.5fps.mp4");
    Run r =
        run(
            "--model",
            tinyRp15.toString(),
            "--video",
            mp4.toString(),
            "--min-pixels",
            "3136",
            "--max-pixels",
            "19200",
            "--prompt",
            "Describe this video.",
            "--max-new-tokens",
            "12",
            "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(ints(j.get("video_grid_thw"))).containsExactly(3, 8, 12);
    assertThat(j.has("image_grid_thw")).isFalse();
    assertThat(j.get("second_per_grid_ts").asDouble()).isCloseTo(1.288888888888889, within(1e-9));
    assertThat(j.get("sampled_frames").asInt()).isEqualTo(6);
    assertThat(ints(j.get("resized_size"))).containsExactly(168, 112);
    assertThat(j.get("prompt_tokens").asInt()).isEqualTo(g.get("input_ids").get(0).size());
    assertThat(j.get("generated_token_ids")).isEqualTo(g.get("greedy_rp1.5").get(0));
    int[] ids = intArray(j.get("generated_token_ids"));
    assertThat(j.get("text").asText()).isEqualTo(tokenizer.decode(ids));
  }

  @Test
  void readableOutputWithoutJson() {
    Path png = resource("/fixtures/odd_97x61.png");
    Run r =
        run(
            "--model",
            tiny.toString(),
            "--image",
            png.toString(),
            "--prompt",
            "Hi",
            "--max-new-tokens",
            "2");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("image_grid_thw [1, 4, 6]")
        .contains("97x61 -> 84x56")
        .contains("finish_reason")
        .contains("text:");
    assertThat(r.err()).doesNotContain("WARNING");
  }

  @Test
  void badUsageIsExitTwoWithUsage() {
    assertThat(run().rc()).isEqualTo(2);
    assertThat(run().err()).contains("--model is required").contains("usage: qwenvl generate");
    Run both = run("--model", "tiny", "--image", "a.png", "--video", "b.mp4", "--prompt", "x");
    assertThat(both.rc()).isEqualTo(2);
    assertThat(both.err()).contains("exactly one of --image and --video");
    Run noPrompt = run("--model", "tiny", "--image", "a.png");
    assertThat(noPrompt.rc()).isEqualTo(2);
    assertThat(noPrompt.err()).contains("--prompt is required");
    Run unknown = run("--model", "tiny", "--image", "a.png", "--prompt", "x", "--task", "ocr");
    assertThat(unknown.rc()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown option '--task'").contains("usage:");
    assertThat(run("--model", "tiny", "--image", "a.png", "--prompt", "x", "--fps", "2").err())
        .contains("--fps and --max-frames apply to --video only");
    assertThat(run("--model", "tiny", "--image", "a.png", "--prompt", "x", "--device", "tpu").rc())
        .isEqualTo(2);
    Run help = run("--help");
    assertThat(help.rc()).isZero();
    assertThat(help.out()).contains("usage: qwenvl generate").contains("--greedy");
  }

  @Test
  void missingOrUndecodableMediaIsExitOneNamingTheFile(@TempDir Path tmp) throws IOException {
    Path missing = tmp.resolve("missing.png");
    Run r = run("--model", tiny.toString(), "--image", missing.toString(), "--prompt", "x");
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("qwenvl generate: --image " + missing + ": no such file");

    Path html = resource("/fixtures/bad_html.jpg");
    Run bad = run("--model", tiny.toString(), "--image", html.toString(), "--prompt", "x");
    assertThat(bad.rc()).isEqualTo(1);
    assertThat(bad.err()).contains(html.toString()).contains("unsupported_format");
    assertThat(bad.err().strip().lines()).hasSize(1);

    Path mp4 = resource("/fixtures/clip_160x120_7.5fps.mp4");
    Run wrongKind = run("--model", tiny.toString(), "--image", mp4.toString(), "--prompt", "x");
    assertThat(wrongKind.rc()).isEqualTo(1);
    assertThat(wrongKind.err()).contains(mp4.toString()).contains("use --video");
  }

  @Test
  void unusableModelsAreExitOneNamingTheReason(@TempDir Path tmp) throws IOException {
    Path png = resource("/fixtures/odd_97x61.png");
    Path other = Files.createDirectories(tmp.resolve("llama"));
    Files.writeString(other.resolve("config.json"), "{\"model_type\": \"llama\"}");
    Run r = run("--model", other.toString(), "--image", png.toString(), "--prompt", "x");
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.err()).contains("unsupported model_type 'llama'").doesNotContain("\tat ");

    Path noWeights = Files.createDirectories(tmp.resolve("noweights"));
    for (String f : List.of("config.json", "tokenizer.json", "preprocessor_config.json")) {
      Files.createSymbolicLink(noWeights.resolve(f), tiny.resolve(f));
    }
    Run w = run("--model", noWeights.toString(), "--image", png.toString(), "--prompt", "x");
    assertThat(w.rc()).isEqualTo(1);
    assertThat(w.err()).contains(noWeights.toString()).contains("safetensors");
    assertThat(w.err().strip().lines()).hasSize(1);

    Run none =
        run("--model", tmp.resolve("nope").toString(), "--image", png.toString(), "--prompt", "x");
    assertThat(none.rc()).isEqualTo(1);
    assertThat(none.err()).contains("--model " + tmp.resolve("nope"));
  }
}
