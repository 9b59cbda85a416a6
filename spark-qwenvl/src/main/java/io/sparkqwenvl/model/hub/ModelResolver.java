package io.sparkqwenvl.model.hub;

import io.sparkqwenvl.model.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns what a user typed as "the model" into a local checkpoint directory: {@code tiny} (the tiny
 * random test checkpoint, meaningless text), an existing directory, or a Hugging Face id {@code
 * org/name[@revision]} downloaded once into the cache.
 */
public final class ModelResolver {

  /** The model id of the tiny random checkpoint. */
  public static final String TINY = "tiny";

  private final HubOptions options;
  private final DownloadProgress progress;

  public ModelResolver(HubOptions options, DownloadProgress progress) {
    this.options = options;
    this.progress = progress == null ? DownloadProgress.NONE : progress;
  }

  /** Resolves with options from the environment and no progress reporting. */
  public static Path resolve(String modelIdOrDirOrTiny) throws IOException {
    return new ModelResolver(HubOptions.fromEnvironment(), DownloadProgress.NONE)
        .resolvePath(modelIdOrDirOrTiny);
  }

  /** True for the tiny test model. */
  public static boolean isTiny(String model) {
    return model != null && model.trim().equalsIgnoreCase(TINY);
  }

  /** Resolves one model string; errors say which forms are accepted. */
  public Path resolvePath(String model) throws IOException {
    if (model == null || model.isBlank()) {
      throw new HubException("no model given; expected tiny, a model directory or a hub id");
    }
    String m = model.trim();
    if (isTiny(m)) {
      return TinyModel.materialize(options.cacheRoot());
    }
    Path dir = Path.of(m);
    if (Files.isDirectory(dir)) {
      if (!Files.exists(dir.resolve("config.json"))) {
        throw new HubException("model directory " + dir + " has no config.json");
      }
      return dir;
    }
    if (!HubRepoId.looksLikeHubId(m) || m.startsWith("/") || m.startsWith(".")) {
      throw new HubException(
          "model '"
              + m
              + "' is neither 'tiny', an existing directory, nor a Hugging Face id like"
              + " Qwen/Qwen2.5-VL-3B-Instruct[@revision]");
    }
    return new HubDownloader(options).download(HubRepoId.parse(m), progress);
  }
}
