package io.sparkqwenvl.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Downloads the files a Qwen2.5-VL checkpoint needs from the Hugging Face hub into {@code
 * <cacheRoot>/hub/<org>--<name>/<revision>/}: configs, tokenizer.json and the safetensors weights
 * (every shard listed by model.safetensors.index.json, or model.safetensors). Each file streams
 * into {@code <file>.part}, resumes with an HTTP Range after a cut, is checked against the hub's
 * ETag (SHA-256 for LFS files) and renamed atomically. A {@code .complete} marker ends a successful
 * download; a complete folder is used as is, with no network. With {@code offline} set only the
 * cache is used. A file lock serializes processes sharing the cache (executors on a host).
 */
public final class HubDownloader {

  private static final Logger LOG = Logger.getLogger(HubDownloader.class.getName());
  static final List<String> REQUIRED =
      List.of("config.json", "preprocessor_config.json", "tokenizer.json");
  static final List<String> OPTIONAL = List.of("generation_config.json");
  static final String INDEX = "model.safetensors.index.json";
  static final String SINGLE = "model.safetensors";
  static final String COMPLETE = ".complete";

  private final HubOptions options;
  private final HubHttp http;

  public HubDownloader(HubOptions options) {
    this.options = options;
    this.http = new HubHttp(options);
  }

  /** A downloader configured from the environment (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE). */
  public static HubDownloader fromEnvironment() {
    return new HubDownloader(HubOptions.fromEnvironment());
  }

  /** Cache folder of a model id, whether or not it is there yet. */
  public Path cacheDir(HubRepoId id) {
    return options
        .cacheRoot()
        .resolve("hub")
        .resolve(id.folderName())
        .resolve(id.revisionFolderName());
  }

  /** Same as {@link #download(HubRepoId, DownloadProgress)} for {@code org/name[@rev]}. */
  public Path download(String modelId, DownloadProgress progress) throws IOException {
    return download(HubRepoId.parse(modelId), progress);
  }

  /** Returns the folder holding the complete checkpoint, downloading what is missing. */
  public Path download(HubRepoId id, DownloadProgress progress) throws IOException {
    Path dir = cacheDir(id);
    if (Files.exists(dir.resolve(COMPLETE))) {
      return dir;
    }
    if (options.offline()) {
      throw new HubException(
          "model "
              + id
              + " is not in the cache ("
              + dir
              + ") and HF_HUB_OFFLINE=1 forbids downloading it; run once online, pass a local"
              + " model directory, or use --model tiny");
    }
    Files.createDirectories(dir);
    try (FileChannel ch =
            FileChannel.open(
                dir.resolveSibling(dir.getFileName() + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (Files.exists(dir.resolve(COMPLETE))) {
        return dir;
      }
      fetchAll(id, dir, progress == null ? DownloadProgress.NONE : progress);
      Files.writeString(dir.resolve(COMPLETE), id + "\n");
    }
    return dir;
  }

  private void fetchAll(HubRepoId id, Path dir, DownloadProgress progress) throws IOException {
    for (String f : REQUIRED) {
      fetch(id, dir, f, true, progress);
    }
    for (String f : OPTIONAL) {
      fetch(id, dir, f, false, progress);
    }
    if (fetch(id, dir, INDEX, false, progress)) {
      for (String shard : shards(dir.resolve(INDEX), id)) {
        fetch(id, dir, shard, true, progress);
      }
    } else {
      fetch(id, dir, SINGLE, true, progress);
    }
  }

  /** Shard file names listed in an index's weight_map, sorted. */
  static List<String> shards(Path index, HubRepoId id) throws IOException {
    JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
    if (!map.isObject() || map.isEmpty()) {
      throw new HubException("no weight_map in " + INDEX + " of " + id);
    }
    TreeSet<String> names = new TreeSet<>();
    map.elements().forEachRemaining(n -> names.add(n.asText()));
    for (String n : names) {
      if (!n.matches("[A-Za-z0-9._-]+\\.safetensors")) {
        throw new HubException("unexpected shard name '" + n + "' in " + INDEX + " of " + id);
      }
    }
    return new ArrayList<>(names);
  }

  /** Downloads one file unless present; false when an optional file does not exist. */
  private boolean fetch(HubRepoId id, Path dir, String file, boolean required, DownloadProgress p)
      throws IOException {
    Path target = dir.resolve(file);
    if (Files.exists(target)) {
      return true;
    }
    Optional<HubHttp.FileMeta> meta = http.head(id, file);
    if (meta.isEmpty()) {
      if (required) {
        throw new HubException("file " + file + " not found in " + id + " (HTTP 404)");
      }
      return false;
    }
    Path part = dir.resolve(file + ".part");
    for (int attempt = 0; ; attempt++) {
      try {
        transfer(id, file, meta.get(), part, p);
        break;
      } catch (HubException e) {
        throw e;
      } catch (IOException e) {
        if (attempt >= options.retries()) {
          throw new HubException(
              "download of "
                  + file
                  + " of "
                  + id
                  + " was cut after "
                  + size(part)
                  + " bytes ("
                  + e.getMessage()
                  + "); run again to resume from "
                  + part,
              e);
        }
        long at = size(part);
        LOG.info(() -> "resuming " + file + " of " + id + " at byte " + at);
      }
    }
    try {
      FileChecksum.verify(part, meta.get().etag(), file, id);
    } catch (HubException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  private void transfer(
      HubRepoId id, String file, HubHttp.FileMeta meta, Path part, DownloadProgress p)
      throws IOException {
    long have = size(part);
    if (meta.size() >= 0 && have > meta.size()) {
      Files.delete(part);
      have = 0;
    }
    if (meta.size() >= 0 && have == meta.size()) {
      p.onProgress(file, have, meta.size());
      return;
    }
    HttpResponse<InputStream> r = http.get(meta.location(), have, file, id);
    if (r.statusCode() == 416) {
      r.body().close();
      Files.deleteIfExists(part);
      throw new HubException(
          "server refused resuming "
              + file
              + " of "
              + id
              + " at byte "
              + have
              + "; the partial file was deleted, run again");
    }
    boolean append = r.statusCode() == 206 && have > 0;
    long done = append ? have : 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = r.body();
        OutputStream out =
            append
                ? Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Files.newOutputStream(part)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        done += n;
        p.onProgress(file, done, meta.size());
      }
    }
    if (meta.size() >= 0 && done != meta.size()) {
      throw new IOException("connection ended at byte " + done + " of " + meta.size());
    }
  }

  private static long size(Path f) throws IOException {
    return Files.exists(f) ? Files.size(f) : 0;
  }
}
