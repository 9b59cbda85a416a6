package io.sparkqwenvl.model.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The hub's HTTP protocol: HEAD {@code /<repo>/resolve/<rev>/<file>} for size and checksum (LFS
 * files answer with a redirect carrying X-Linked-Etag / X-Linked-Size), then a GET with a Range
 * header. Redirects are followed by hand so the bearer token only ever goes to the endpoint's host,
 * never to a CDN.
 */
final class HubHttp {

  private static final int MAX_REDIRECTS = 10;

  /**
   * What the hub says about one file.
   *
   * @param etag checksum without quotes or W/ prefix (sha256 for LFS files, git sha1 otherwise),
   *     null if absent
   * @param size bytes, -1 when unknown
   * @param commit X-Repo-Commit, null if absent
   * @param location where to GET the bytes
   */
  record FileMeta(String etag, long size, String commit, URI location) {}

  private final HttpClient client;
  private final HubOptions options;

  HubHttp(HubOptions options) {
    this.options = options;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.timeout())
            .build();
  }

  URI resolveUri(HubRepoId id, String file) {
    String rev = URLEncoder.encode(id.revision(), StandardCharsets.UTF_8);
    String base = options.endpoint().toString().replaceAll("/+$", "");
    return URI.create(base + "/" + id.repo() + "/resolve/" + rev + "/" + file);
  }

  /** HEAD of a file; empty when the repo has no such file (404). */
  Optional<FileMeta> head(HubRepoId id, String file) throws IOException {
    URI uri = resolveUri(id, file);
    for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
      HttpResponse<Void> r =
          send(request(uri, "HEAD").build(), HttpResponse.BodyHandlers.discarding());
      int code = r.statusCode();
      if (code == 404) {
        return Optional.empty();
      }
      String linkedEtag = r.headers().firstValue("X-Linked-Etag").orElse(null);
      String commit = r.headers().firstValue("X-Repo-Commit").orElse(null);
      if (code >= 300 && code < 400) {
        URI next =
            uri.resolve(
                r.headers()
                    .firstValue("Location")
                    .orElseThrow(
                        () ->
                            new HubException(
                                "redirect without Location for " + file + " of " + id)));
        if (linkedEtag != null) {
          long size = r.headers().firstValueAsLong("X-Linked-Size").orElse(-1);
          return Optional.of(new FileMeta(clean(linkedEtag), size, commit, next));
        }
        uri = next;
        continue;
      }
      if (code == 401 || code == 403) {
        throw new HubException(
            "access denied (HTTP "
                + code
                + ") to "
                + file
                + " of "
                + id
                + (options.token() == null ? "; set HF_TOKEN for gated or private models" : ""));
      }
      if (code != 200) {
        throw new HubException(
            "HTTP " + code + " for HEAD " + uri + " (" + file + " of " + id + ")");
      }
      String etag = linkedEtag != null ? linkedEtag : r.headers().firstValue("ETag").orElse(null);
      long size =
          r.headers()
              .firstValueAsLong("X-Linked-Size")
              .orElse(r.headers().firstValueAsLong("Content-Length").orElse(-1));
      return Optional.of(new FileMeta(etag == null ? null : clean(etag), size, commit, uri));
    }
    throw new HubException("too many redirects for " + file + " of " + id);
  }

  /**
   * GET from {@code offset}; the response says whether the server honoured the range (206) or sent
   * the whole file (200).
   */
  HttpResponse<InputStream> get(URI location, long offset, String file, HubRepoId id)
      throws IOException {
    URI uri = location;
    for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b = request(uri, "GET");
      if (offset > 0) {
        b.header("Range", "bytes=" + offset + "-");
      }
      HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      int code = r.statusCode();
      if (code >= 300 && code < 400) {
        r.body().close();
        uri =
            uri.resolve(
                r.headers()
                    .firstValue("Location")
                    .orElseThrow(
                        () ->
                            new HubException(
                                "redirect without Location for " + file + " of " + id)));
        continue;
      }
      if (code == 200 || code == 206 || code == 416) {
        return r;
      }
      r.body().close();
      throw new HubException(
          "HTTP " + code + " downloading " + file + " of " + id + " from " + uri);
    }
    throw new HubException("too many redirects downloading " + file + " of " + id);
  }

  private HttpRequest.Builder request(URI uri, String method) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("User-Agent", "spark-qwenvl")
            .header("Accept-Encoding", "identity");
    if (options.token() != null && sameHost(uri, options.endpoint())) {
      b.header("Authorization", "Bearer " + options.token());
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return client.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubException("interrupted while contacting " + req.uri().getHost(), e);
    }
  }

  static boolean sameHost(URI a, URI b) {
    return a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort()
        && a.getScheme().equalsIgnoreCase(b.getScheme());
  }

  /** {@code W/"abc"} becomes {@code abc}. */
  static String clean(String etag) {
    String e = etag.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.replace("\"", "").toLowerCase(Locale.ROOT);
  }
}
