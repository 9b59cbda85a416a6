package io.sparkqwenvl.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {

  @TempDir Path tmp;

  @Test
  void existingDirectoryIsItself() throws Exception {
    Files.writeString(tmp.resolve("config.json"), "{}");
    ModelResolver r = new ModelResolver(offline(), null);
    assertThat(r.resolvePath(tmp.toString())).isEqualTo(tmp);
  }

  @Test
  void directoryWithoutConfigIsAnError() {
    ModelResolver r = new ModelResolver(offline(), null);
    assertThatThrownBy(() -> r.resolvePath(tmp.toString())).hasMessageContaining("no config.json");
  }

  @Test
  void tinyMaterializesUnderTheCacheRoot() throws Exception {
    Path dir = new ModelResolver(offline(), null).resolvePath("tiny");
    assertThat(dir).startsWith(tmp.resolve("cache"));
    assertThat(dir.resolve("config.json")).exists();
    assertThat(dir.resolve("model.safetensors")).exists();
  }

  @Test
  void hubIdDownloadsThroughTheEndpoint() throws Exception {
    try (FakeHub hub = new FakeHub()) {
      for (String f : new String[] {"config.json", "preprocessor_config.json", "tokenizer.json"}) {
        hub.put(f, "{}".getBytes(StandardCharsets.UTF_8), false);
      }
      hub.put("model.safetensors", new byte[] {1, 2, 3}, true);
      HubOptions o = new HubOptions(hub.endpoint(), null, false, tmp.resolve("cache"), 0, null);
      Path dir = new ModelResolver(o, null).resolvePath("org/model@v2");
      assertThat(dir).isEqualTo(tmp.resolve("cache/hub/org--model/v2"));
      assertThat(dir.resolve("model.safetensors")).hasBinaryContent(new byte[] {1, 2, 3});
    }
  }

  @Test
  void nonsenseIsAClearError() {
    ModelResolver r = new ModelResolver(offline(), null);
    assertThatThrownBy(() -> r.resolvePath("./no/such/dir"))
        .hasMessageContaining("neither 'tiny', an existing directory, nor a Hugging Face id");
    assertThatThrownBy(() -> r.resolvePath("Qwen/NotCached"))
        .hasMessageContaining("HF_HUB_OFFLINE=1");
  }

  @Test
  void tokenNeverGoesToAnotherHost() {
    assertThat(
            HubHttp.sameHost(
                java.net.URI.create("http://127.0.0.1:1/a"),
                java.net.URI.create("http://127.0.0.1:2")))
        .isFalse();
    assertThat(
            HubHttp.sameHost(
                java.net.URI.create("https://huggingface.co/x"),
                java.net.URI.create("https://huggingface.co")))
        .isTrue();
  }

  private HubOptions offline() {
    return new HubOptions(null, null, true, tmp.resolve("cache"), 0, null);
  }
}
