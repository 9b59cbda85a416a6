package io.sparkqwenvl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkqwenvl.model.TinyModel;
import io.sparkqwenvl.runtime.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  private static String run(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc = GenerateCommand.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
    return rc + "|" + buf.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void captionsOneImageWithTheTinyModel(@TempDir Path dir) throws Exception {
    Path model = TinyModel.materialize(dir.resolve("cache"));
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 128);
      }
    }
    Path png = dir.resolve("grad.png");
    ImageIO.write(img, "png", png.toFile());
    String[] out =
        run("--model", model.toString(), "--media", png.toString(), "--max-new-tokens", "5")
            .split("\\|", 2);
    assertThat(out[0]).as(out[1]).isEqualTo("0");
    JsonNode j = Json.parse(out[1]);
    assertThat(j.path("task").asText()).isEqualTo("caption");
    assertThat(j.path("error").isNull()).isTrue();
    assertThat(j.path("output_tokens").asInt()).isBetween(1, 5);
    assertThat(j.path("prompt_tokens").asInt()).isGreaterThan(20);
    assertThat(j.path("width").asInt()).isEqualTo(64);
    assertThat(j.path("model_revision").asText()).hasSize(16);
  }

  @Test
  void unreadableMediaAndBadUsageAreExitTwo(@TempDir Path dir) {
    assertThat(run("--model", "tiny")).startsWith("2|").contains("--media are required");
    assertThat(run("--model", "tiny", "--media", dir.resolve("missing.jpg").toString()))
        .startsWith("2|cannot read");
    assertThat(run("--model", "tiny", "--media", "x", "--task", "paint"))
        .startsWith("2|")
        .contains("unknown task 'paint'");
  }

  @Test
  void aFileThatIsNoImageIsAFailedResult(@TempDir Path dir) throws Exception {
    Path model = TinyModel.materialize(dir.resolve("cache"));
    Path junk = Files.writeString(dir.resolve("junk.jpg"), "not an image at all");
    String[] out = run("--model", model.toString(), "--media", junk.toString()).split("\\|", 2);
    assertThat(out[0]).isEqualTo("1");
    JsonNode j = Json.parse(out[1]);
    assertThat(j.path("finish_reason").asText()).isEqualTo("ERROR");
    assertThat(j.path("error").asText()).contains("junk.jpg");
  }
}
