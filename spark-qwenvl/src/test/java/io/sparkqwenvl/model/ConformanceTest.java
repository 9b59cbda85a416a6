package io.sparkqwenvl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.runtime.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tiny checkpoint against transformers 5.17 (float32, eager) goldens in
 * src/test/resources/golden/model: position ids exact, vision embeddings and last-position logits
 * within 1e-4, greedy continuations identical (repetition penalty 1.0, 1.05, 1.5), each row alone
 * and all rows of the case as one batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {

  private static final String DIR = "/golden/model/";
  private QwenVlModel model;

  @BeforeAll
  void load() {
    model = QwenVlModel.load(TinyFixtures.tinyDir(), ModelOptions.cpu());
  }

  @AfterAll
  void close() {
    model.close();
  }

  static Stream<String> cases() {
    return Stream.of(
        "case1_single_image",
        "case2_two_images",
        "case3_video",
        "case4_text_only",
        "case5_left_padded_batch");
  }

  /** One unpadded batch row of a golden case. */
  record Row(int[] ids, List<VisionInput> vision, long[][] positions, long delta) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void positionsVisionLogitsAndGreedyMatchTheReference(String name) throws Exception {
    JsonNode c = read(name);
    List<Row> rows = rows(c);
    for (Row r : rows) {
      RopeIndex.Positions p = RopeIndex.compute(r.ids(), r.vision(), model.config());
      assertThat(p.positions()).isDeepEqualTo(r.positions());
      assertThat(p.ropeDelta()).isEqualTo(r.delta());
    }
    checkVision(c, rows, "image_embeds_file", VisionInput.Kind.IMAGE);
    checkVision(c, rows, "video_embeds_file", VisionInput.Kind.VIDEO);
    float[] golden = Npy.readFloats("/golden/" + c.get("last_logits_file").asText());
    int vocab = model.config().text().vocabSize();
    List<PrefillSequence> seqs = new ArrayList<>();
    for (int b = 0; b < rows.size(); b++) {
      seqs.add(new PrefillSequence(b, rows.get(b).ids(), rows.get(b).vision()));
    }
    try (KvCache cache = model.newKvCache(rows.size(), 128)) {
      NextTokens nt = model.prefill(cache, seqs, null);
      for (int b = 0; b < rows.size(); b++) {
        float[] want = Arrays.copyOfRange(golden, b * vocab, (b + 1) * vocab);
        QwenVlModelTest.assertClose(nt.logits()[b], want, 1e-4f);
      }
    }
    for (String pen : new String[] {"1.0", "1.05", "1.5"}) {
      checkGreedy(c, rows, pen);
    }
  }

  private void checkGreedy(JsonNode c, List<Row> rows, String pen) {
    List<EngineRequest> reqs = new ArrayList<>();
    for (Row r : rows) {
      GenerationConfig g =
          GenerationConfig.greedy(12).withRepetitionPenalty(Double.parseDouble(pen));
      reqs.add(new EngineRequest(r.ids(), r.vision(), g, null));
    }
    List<GenerationResult> batch = model.generate(reqs);
    for (int b = 0; b < rows.size(); b++) {
      int[] expected = untilStop(c.get("greedy_rp" + pen).get(b));
      assertThat(batch.get(b).tokenIds()).as("rp %s row %d batched", pen, b).isEqualTo(expected);
      GenerationResult alone = model.generate(List.of(reqs.get(b))).get(0);
      assertThat(alone.tokenIds()).as("rp %s row %d alone", pen, b).isEqualTo(expected);
    }
  }

  private void checkVision(JsonNode c, List<Row> rows, String key, VisionInput.Kind kind)
      throws Exception {
    if (!c.hasNonNull(key)) {
      return;
    }
    List<VisionInput> media = new ArrayList<>();
    for (Row r : rows) {
      r.vision().stream().filter(v -> v.kind() == kind).forEach(media::add);
    }
    float[] want = Npy.readFloats("/golden/" + c.get(key).asText());
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] got = model.encodeVision(media, m).toFloatArray();
      QwenVlModelTest.assertClose(got, want, 1e-4f);
    }
  }

  private static int[] untilStop(JsonNode ids) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode n : ids) {
      int t = n.asInt();
      if (t == 151645 || t == 151643) {
        break;
      }
      out.add(t);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static JsonNode read(String name) throws Exception {
    try (InputStream in = ConformanceTest.class.getResourceAsStream(DIR + name + ".json")) {
      assertThat(in).as("golden %s", name).isNotNull();
      return Json.MAPPER.readTree(in);
    }
  }

  static List<Row> rows(JsonNode c) throws Exception {
    List<VisionInput> images =
        media(c, "image_grid_thw", "pixel_values_file", null, VisionInput.Kind.IMAGE);
    List<VisionInput> videos =
        media(
            c,
            "video_grid_thw",
            "pixel_values_videos_file",
            c.get("second_per_grid_ts"),
            VisionInput.Kind.VIDEO);
    int nextImage = 0;
    int nextVideo = 0;
    List<Row> rows = new ArrayList<>();
    JsonNode ids = c.get("input_ids");
    for (int b = 0; b < ids.size(); b++) {
      List<Integer> keep = new ArrayList<>();
      for (int j = 0; j < ids.get(b).size(); j++) {
        if (c.get("attention_mask").get(b).get(j).asInt() == 1) {
          keep.add(j);
        }
      }
      int[] row = new int[keep.size()];
      long[][] pos = new long[3][keep.size()];
      List<VisionInput> vision = new ArrayList<>();
      for (int k = 0; k < row.length; k++) {
        int j = keep.get(k);
        row[k] = ids.get(b).get(j).asInt();
        for (int a = 0; a < 3; a++) {
          pos[a][k] = c.get("position_ids").get(a).get(b).get(j).asLong();
        }
        boolean start = k > 0 && row[k - 1] == 151652;
        if (start && row[k] == 151655) {
          vision.add(images.get(nextImage++));
        } else if (start && row[k] == 151656) {
          vision.add(videos.get(nextVideo++));
        }
      }
      rows.add(new Row(row, vision, pos, c.get("rope_deltas").get(b).asLong()));
    }
    return rows;
  }

  private static List<VisionInput> media(
      JsonNode c, String gridKey, String fileKey, JsonNode spg, VisionInput.Kind kind)
      throws Exception {
    List<VisionInput> out = new ArrayList<>();
    if (!c.hasNonNull(gridKey)) {
      return out;
    }
    float[] px = Npy.readFloats("/golden/" + c.get(fileKey).asText());
    int off = 0;
    for (int i = 0; i < c.get(gridKey).size(); i++) {
      JsonNode g = c.get(gridKey).get(i);
      int t = g.get(0).asInt();
      int h = g.get(1).asInt();
      int w = g.get(2).asInt();
      int n = t * h * w * 1176;
      double s = spg == null || spg.isNull() ? 0 : spg.get(i).asDouble();
      out.add(
          new VisionInput(
              kind,
              Arrays.copyOfRange(px, off, off + n),
              t,
              h,
              w,
              s,
              w * 14,
              h * 14,
              w * 14,
              h * 14,
              null));
      off += n;
    }
    assertThat(off).isEqualTo(px.length);
    return out;
  }
}
