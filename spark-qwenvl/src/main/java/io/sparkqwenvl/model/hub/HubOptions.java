package io.sparkqwenvl.model.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how to download.
 *
 * @param endpoint hub base URI ({@code HF_ENDPOINT}, default https://huggingface.co)
 * @param token bearer token ({@code HF_TOKEN}); null for anonymous; never logged or printed
 * @param offline {@code HF_HUB_OFFLINE=1}: use the cache only
 * @param cacheRoot root of the cache; models go to {@code <cacheRoot>/hub/<org>--<name>/<rev>/}
 * @param retries how many times a cut download is resumed within one call
 * @param timeout connect and per-request header timeout
 */
public record HubOptions(
    URI endpoint, String token, boolean offline, Path cacheRoot, int retries, Duration timeout) {

  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

  public HubOptions {
    endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
    cacheRoot = cacheRoot == null ? defaultCacheRoot(System.getenv()) : cacheRoot;
    token = token == null || token.isBlank() ? null : token.trim();
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
  }

  /** Options from {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}, QWENVL_CACHE. */
  public static HubOptions fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Same as {@link #fromEnvironment()} with an explicit environment (tests). */
  public static HubOptions fromEnvironment(Map<String, String> env) {
    String endpoint = env.get("HF_ENDPOINT");
    String offline = env.getOrDefault("HF_HUB_OFFLINE", "");
    boolean off = offline.equals("1") || offline.equalsIgnoreCase("true");
    return new HubOptions(
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.replaceAll("/+$", "")),
        env.get("HF_TOKEN"),
        off,
        defaultCacheRoot(env),
        3,
        null);
  }

  /** {@code $QWENVL_CACHE}, else {@code ~/.cache/spark-qwenvl}. */
  public static Path defaultCacheRoot(Map<String, String> env) {
    String dir = env.get("QWENVL_CACHE");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "spark-qwenvl");
  }

  public HubOptions withCacheRoot(Path root) {
    return new HubOptions(endpoint, token, offline, root, retries, timeout);
  }

  public HubOptions withOffline(boolean off) {
    return new HubOptions(endpoint, token, off, cacheRoot, retries, timeout);
  }

  public HubOptions withRetries(int n) {
    return new HubOptions(endpoint, token, offline, cacheRoot, n, timeout);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "HubOptions[endpoint="
        + endpoint
        + ", token="
        + (token == null ? "none" : "<redacted>")
        + ", offline="
        + offline
        + ", cacheRoot="
        + cacheRoot
        + ", retries="
        + retries
        + "]";
  }
}
