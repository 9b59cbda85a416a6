package io.sparkqwenvl.model.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Hugging Face hub on 127.0.0.1: {@code /<repo>/resolve/<rev>/<file>} answers HEAD like the
 * hub (LFS files: 302 to {@code /cdn/...} with X-Linked-Etag = sha256 and X-Linked-Size; small
 * files: 200 with a git-sha1 ETag) and GET with Range support. A file can be cut after N bytes
 * once, and its advertised checksum can be falsified.
 */
final class FakeHub implements AutoCloseable {

  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Map<String, Boolean> lfs = new ConcurrentHashMap<>();
  final Map<String, Integer> cutOnceAfter = new ConcurrentHashMap<>();
  final Map<String, String> fakeEtag = new ConcurrentHashMap<>();
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  FakeHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void put(String file, byte[] content, boolean isLfs) {
    files.put(file, content);
    lfs.put(file, isLfs);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String range = ex.getRequestHeaders().getFirst("Range");
      log.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
      authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      boolean cdn = path.startsWith("/cdn/");
      String file = path.substring(path.lastIndexOf('/') + 1);
      byte[] data = files.get(file);
      if (data == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      boolean head = ex.getRequestMethod().equals("HEAD");
      if (!cdn && lfs.get(file)) {
        ex.getResponseHeaders().add("Location", "/cdn/" + file);
        ex.getResponseHeaders()
            .add("X-Linked-Etag", "\"" + fakeEtag.getOrDefault(file, sha256(data)) + "\"");
        ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(data.length));
        ex.getResponseHeaders().add("X-Repo-Commit", "abc123");
        ex.sendResponseHeaders(302, -1);
        return;
      }
      if (!cdn) {
        ex.getResponseHeaders()
            .add("ETag", "\"" + fakeEtag.getOrDefault(file, gitSha1(data)) + "\"");
      }
      if (head) {
        ex.getResponseHeaders().add("Content-Length", String.valueOf(data.length));
        ex.sendResponseHeaders(200, -1);
        return;
      }
      int from = 0;
      if (range != null) {
        from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
        ex.getResponseHeaders()
            .add("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
      }
      int len = data.length - from;
      ex.sendResponseHeaders(range == null ? 200 : 206, len);
      Integer cut = cutOnceAfter.remove(file);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(data, from, cut == null ? len : Math.min(cut, len));
        out.flush();
        if (cut != null) {
          // Leave the body short: the client sees the connection end before Content-Length.
          throw new IOException("cut");
        }
      }
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String gitSha1(byte[] b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
