package io.sparkqwenvl.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDownloaderTest {

  @TempDir Path cache;
  private FakeHub hub;
  private byte[] shard1;
  private byte[] shard2;

  @BeforeEach
  void startHub() throws Exception {
    hub = new FakeHub();
    hub.put(
        "config.json", "{\"model_type\":\"qwen2_5_vl\"}".getBytes(StandardCharsets.UTF_8), false);
    hub.put(
        "preprocessor_config.json", "{\"patch_size\":14}".getBytes(StandardCharsets.UTF_8), false);
    hub.put("generation_config.json", "{}".getBytes(StandardCharsets.UTF_8), false);
    hub.put("tokenizer.json", "{\"model\":{}}".getBytes(StandardCharsets.UTF_8), false);
    shard1 = random(300_000, 1);
    shard2 = random(200_000, 2);
    hub.put("model-00001-of-00002.safetensors", shard1, true);
    hub.put("model-00002-of-00002.safetensors", shard2, true);
    hub.put(
        "model.safetensors.index.json",
        ("{\"metadata\":{},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00002.safetensors\","
                + "\"b\":\"model-00002-of-00002.safetensors\","
                + "\"c\":\"model-00001-of-00002.safetensors\"}}")
            .getBytes(StandardCharsets.UTF_8),
        false);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private HubOptions options(int retries) {
    return new HubOptions(hub.endpoint(), "hf_secret", false, cache, retries, null);
  }

  @Test
  void downloadsEveryShardIntoTheCacheLayout() throws Exception {
    List<String> progress = new ArrayList<>();
    Path dir =
        new HubDownloader(options(0))
            .download(
                "Qwen/Fake-VL@main",
                (f, done, total) -> progress.add(f + ":" + done + "/" + total));

    assertThat(dir).isEqualTo(cache.resolve("hub/Qwen--Fake-VL/main"));
    assertThat(Files.readAllBytes(dir.resolve("model-00001-of-00002.safetensors")))
        .isEqualTo(shard1);
    assertThat(Files.readAllBytes(dir.resolve("model-00002-of-00002.safetensors")))
        .isEqualTo(shard2);
    assertThat(dir.resolve("config.json")).exists();
    assertThat(dir.resolve("generation_config.json")).exists();
    assertThat(dir.resolve(".complete")).exists();
    assertThat(progress).contains("model-00002-of-00002.safetensors:200000/200000");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
    // The token goes to the hub host for every request (the fake CDN is on the same host here).
    assertThat(hub.authHeaders).allMatch(h -> h.equals("Bearer hf_secret"));
  }

  @Test
  void secondCallUsesTheCacheWithoutNetwork() throws Exception {
    new HubDownloader(options(0)).download("Qwen/Fake-VL", DownloadProgress.NONE);
    int requests = hub.log.size();
    Path again = new HubDownloader(options(0)).download("Qwen/Fake-VL", DownloadProgress.NONE);
    assertThat(hub.log).hasSize(requests);
    assertThat(again.resolve("model-00001-of-00002.safetensors")).exists();
  }

  @Test
  void resumesWithRangeAfterACut() throws Exception {
    hub.cutOnceAfter.put("model-00001-of-00002.safetensors", 123_456);
    HubDownloader d = new HubDownloader(options(0));
    assertThatThrownBy(() -> d.download("Qwen/Fake-VL", DownloadProgress.NONE))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("model-00001-of-00002.safetensors")
        .hasMessageContaining("run again to resume")
        .hasMessageNotContaining("hf_secret");
    Path part = cache.resolve("hub/Qwen--Fake-VL/main/model-00001-of-00002.safetensors.part");
    assertThat(Files.size(part)).isPositive().isLessThan(shard1.length);
    long have = Files.size(part);

    Path dir = d.download("Qwen/Fake-VL", DownloadProgress.NONE);

    assertThat(hub.log).contains("GET /cdn/model-00001-of-00002.safetensors bytes=" + have + "-");
    assertThat(Files.readAllBytes(dir.resolve("model-00001-of-00002.safetensors")))
        .isEqualTo(shard1);
    assertThat(part).doesNotExist();
  }

  @Test
  void retriesWithinOneCall() throws Exception {
    hub.cutOnceAfter.put("model-00002-of-00002.safetensors", 70_000);
    Path dir = new HubDownloader(options(2)).download("Qwen/Fake-VL", DownloadProgress.NONE);
    assertThat(Files.readAllBytes(dir.resolve("model-00002-of-00002.safetensors")))
        .isEqualTo(shard2);
    assertThat(hub.log)
        .anyMatch(l -> l.startsWith("GET /cdn/model-00002-of-00002.safetensors bytes="));
  }

  @Test
  void checksumMismatchIsAnErrorAndLeavesNothingBehind() throws Exception {
    hub.fakeEtag.put("model-00002-of-00002.safetensors", "0".repeat(64));
    assertThatThrownBy(
            () -> new HubDownloader(options(0)).download("Qwen/Fake-VL", DownloadProgress.NONE))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("sha256 mismatch for model-00002-of-00002.safetensors")
        .hasMessageContaining("0".repeat(64))
        .hasMessageContaining(FakeHub.sha256(shard2));
    Path dir = cache.resolve("hub/Qwen--Fake-VL/main");
    assertThat(dir.resolve("model-00002-of-00002.safetensors")).doesNotExist();
    assertThat(dir.resolve("model-00002-of-00002.safetensors.part")).doesNotExist();
    assertThat(dir.resolve(".complete")).doesNotExist();
  }

  @Test
  void gitSha1OfSmallFilesIsChecked() throws Exception {
    hub.fakeEtag.put("config.json", "1".repeat(40));
    assertThatThrownBy(
            () -> new HubDownloader(options(0)).download("Qwen/Fake-VL", DownloadProgress.NONE))
        .hasMessageContaining("git sha1 mismatch for config.json");
  }

  @Test
  void singleFileCheckpointWithoutIndex() throws Exception {
    hub.files.remove("model.safetensors.index.json");
    hub.files.remove("generation_config.json");
    byte[] single = random(50_000, 3);
    hub.put("model.safetensors", single, true);
    Path dir = new HubDownloader(options(0)).download("org/single", DownloadProgress.NONE);
    assertThat(Files.readAllBytes(dir.resolve("model.safetensors"))).isEqualTo(single);
    assertThat(dir.resolve("generation_config.json")).doesNotExist();
  }

  @Test
  void offlineUsesTheCacheOnlyAndSaysSoWhenAbsent() throws Exception {
    HubDownloader offline = new HubDownloader(options(0).withOffline(true));
    assertThatThrownBy(() -> offline.download("Qwen/Fake-VL", DownloadProgress.NONE))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("Qwen/Fake-VL@main is not in the cache")
        .hasMessageContaining("HF_HUB_OFFLINE=1");
    assertThat(hub.log).isEmpty();

    new HubDownloader(options(0)).download("Qwen/Fake-VL", DownloadProgress.NONE);
    int requests = hub.log.size();
    Path dir = offline.download("Qwen/Fake-VL", DownloadProgress.NONE);
    assertThat(dir.resolve("tokenizer.json")).exists();
    assertThat(hub.log).hasSize(requests);
  }

  @Test
  void missingRequiredFileNamesItAndTheRepo() {
    hub.files.remove("tokenizer.json");
    assertThatThrownBy(
            () -> new HubDownloader(options(0)).download("Qwen/Fake-VL@v1", DownloadProgress.NONE))
        .hasMessageContaining("tokenizer.json not found in Qwen/Fake-VL@v1");
  }

  @Test
  void optionsFromEnvironmentAndRedaction() {
    HubOptions o =
        HubOptions.fromEnvironment(
            Map.of(
                "HF_ENDPOINT", "http://127.0.0.1:9/",
                "HF_TOKEN", "hf_topsecret",
                "HF_HUB_OFFLINE", "1",
                "QWENVL_CACHE", "/tmp/x"));
    assertThat(o.endpoint().toString()).isEqualTo("http://127.0.0.1:9");
    assertThat(o.offline()).isTrue();
    assertThat(o.cacheRoot()).isEqualTo(Path.of("/tmp/x"));
    assertThat(o.token()).isEqualTo("hf_topsecret");
    assertThat(o.toString()).doesNotContain("hf_topsecret").contains("<redacted>");
  }

  @Test
  void repoIdParsing() {
    assertThat(HubRepoId.parse("Qwen/Qwen2.5-VL-3B-Instruct"))
        .isEqualTo(new HubRepoId("Qwen/Qwen2.5-VL-3B-Instruct", "main"));
    assertThat(HubRepoId.parse("a/b@refs/pr/1").revisionFolderName()).isEqualTo("refs--pr--1");
    assertThat(HubRepoId.looksLikeHubId("tiny")).isFalse();
    assertThat(HubRepoId.looksLikeHubId("../etc")).isFalse();
    assertThat(HubRepoId.looksLikeHubId("a/../b")).isFalse();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
