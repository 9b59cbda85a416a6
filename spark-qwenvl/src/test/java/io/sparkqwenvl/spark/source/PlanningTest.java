package io.sparkqwenvl.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.preprocess.MediaFormat;
import io.sparkqwenvl.preprocess.MediaHeader;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Driver-side planning: file selection, cost estimates, bin packing, prompt hashes. */
class PlanningTest {

  private static MediaHeader image(int w, int h) {
    return new MediaHeader(VisionInput.Kind.IMAGE, MediaFormat.JPEG, w, h, 0, 0);
  }

  private static PlannedFile file(String path, long cost) {
    return new PlannedFile(path, 1, 0, "image", 0, 0, 0, cost);
  }

  @Test
  void imageCostFollowsSmartResize() {
    CostEstimator est = new CostEstimator(MediaOptions.DEFAULTS, 100);
    // facts §2.1: 1024×1024 -> 1369 tokens, 480×640 (H×W) -> 391, 70×70 -> 4.
    assertThat(est.visualTokens(image(1024, 1024), "image")).isEqualTo(1369);
    assertThat(est.visualTokens(image(640, 480), "image")).isEqualTo(391);
    assertThat(est.visualTokens(image(70, 70), "image")).isEqualTo(4);
    assertThat(est.cost(image(1024, 1024), "image"))
        .isEqualTo(1369 + 100 + CostEstimator.PROMPT_TOKENS);
    CostEstimator small =
        new CostEstimator(new MediaOptions(null, 256 * 28 * 28, null, null, null), 1);
    assertThat(small.visualTokens(image(1024, 1024), "image")).isLessThanOrEqualTo(256);
    assertThat(est.visualTokens(null, "video")).isEqualTo(CostEstimator.UNKNOWN_VIDEO_TOKENS);
    assertThat(est.visualTokens(null, "image")).isEqualTo(CostEstimator.UNKNOWN_IMAGE_TOKENS);
  }

  @Test
  void videoCostGrowsWithDurationUpToMaxFrames() {
    CostEstimator est = new CostEstimator(new MediaOptions(null, null, 2.0, 16, null), 1);
    MediaHeader shortClip =
        new MediaHeader(VisionInput.Kind.VIDEO, MediaFormat.MP4, 640, 360, 2, 30);
    MediaHeader longClip =
        new MediaHeader(VisionInput.Kind.VIDEO, MediaFormat.MP4, 640, 360, 60, 30);
    long a = est.visualTokens(shortClip, "video");
    long b = est.visualTokens(longClip, "video");
    assertThat(a).isPositive();
    assertThat(b).isEqualTo(a * 4); // 4 frames vs the 16-frame cap
  }

  @Test
  void packingBalancesCostAndKeepsEveryFileOnce() {
    List<PlannedFile> files = new ArrayList<>();
    long[] costs = {900, 100, 500, 500, 300, 300, 200, 200};
    for (int i = 0; i < costs.length; i++) {
      files.add(file("f" + i, costs[i]));
    }
    List<List<PlannedFile>> groups = PartitionPlanner.pack(files, 1000);
    assertThat(groups).hasSize(3);
    assertThat(groups.stream().flatMap(List::stream).map(PlannedFile::path))
        .containsExactlyInAnyOrder("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7");
    long max =
        groups.stream()
            .mapToLong(g -> g.stream().mapToLong(PlannedFile::estimatedCost).sum())
            .max()
            .getAsLong();
    long min =
        groups.stream()
            .mapToLong(g -> g.stream().mapToLong(PlannedFile::estimatedCost).sum())
            .min()
            .getAsLong();
    assertThat(max - min).isLessThanOrEqualTo(100);
    for (List<PlannedFile> g : groups) {
      assertThat(g).isSortedAccordingTo((x, y) -> x.path().compareTo(y.path()));
    }
    assertThat(PartitionPlanner.pack(files, 1000)).isEqualTo(groups);
    assertThat(PartitionPlanner.pack(files, 1)).hasSize(8);
    assertThat(PartitionPlanner.pack(files, Long.MAX_VALUE / 2)).hasSize(1);
    assertThat(PartitionPlanner.pack(List.of(), 10)).isEmpty();
  }

  @Test
  void mediaKindsSelectByExtension() {
    MediaKinds both = MediaKinds.of(null, null);
    assertThat(both.accepts("a.JPG")).isTrue();
    assertThat(both.accepts("b.mp4")).isTrue();
    assertThat(both.accepts("README.md")).isFalse();
    assertThat(MediaKinds.of("video", null).accepts("a.png")).isFalse();
    assertThat(MediaKinds.of("image", ".png, tif").accepts("x.tif")).isTrue();
    assertThat(MediaKinds.of("image", ".png, tif").accepts("x.jpg")).isFalse();
    assertThat(MediaKinds.typeOfName("clip.MOV")).isEqualTo("video");
    assertThatThrownBy(() -> MediaKinds.of("audio", null)).hasMessageContaining("'audio'");
  }

  @Test
  void pathsComeFromPathAndTheJsonPathsList() {
    assertThat(
            MediaTable.paths(
                Map.of("path", "s3a://b/{2024,2025}/*.jpg", "paths", "[\"/x\", \"/y,z\"]")))
        .containsExactly("s3a://b/{2024,2025}/*.jpg", "/x", "/y,z");
    assertThatThrownBy(() -> MediaTable.paths(Map.of())).hasMessageContaining("needs a path");
    assertThatThrownBy(() -> MediaTable.paths(Map.of("paths", "nope")))
        .hasMessageContaining("JSON array");
  }

  @Test
  void promptHashChangesWithTheQuestionOnly() {
    GenerationConfig g = GenerationConfig.qwenDefault(64);
    TaskSpec caption = TaskSpec.of(TaskKind.CAPTION, g);
    String h = PromptHash.of(caption, MediaOptions.DEFAULTS);
    assertThat(h).matches("[0-9a-f]{64}");
    assertThat(PromptHash.of(TaskSpec.of(TaskKind.CAPTION, g), MediaOptions.DEFAULTS)).isEqualTo(h);
    assertThat(PromptHash.of(TaskSpec.of(TaskKind.OCR, g), MediaOptions.DEFAULTS)).isNotEqualTo(h);
    assertThat(
            PromptHash.of(
                TaskSpec.of(TaskKind.CAPTION, g.withMaxNewTokens(65)), MediaOptions.DEFAULTS))
        .isNotEqualTo(h);
    assertThat(PromptHash.of(caption, new MediaOptions(null, 1000, null, null, null)))
        .isNotEqualTo(h);
    TaskSpec prompt = new TaskSpec(TaskKind.CAPTION, "Say hi.", null, null, null, g);
    assertThat(PromptHash.of(prompt, MediaOptions.DEFAULTS)).isNotEqualTo(h);
  }
}
