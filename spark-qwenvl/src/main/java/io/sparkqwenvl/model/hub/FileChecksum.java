package io.sparkqwenvl.model.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks a downloaded file against the hub's ETag: a 64-hex ETag is the SHA-256 of an LFS file, a
 * 40-hex ETag is the git blob SHA-1 of a small file ({@code sha1("blob <len>\0" + bytes)}).
 */
final class FileChecksum {

  private FileChecksum() {}

  /** True when the ETag has a form we can verify. */
  static boolean verifiable(String etag) {
    return etag != null && etag.matches("[0-9a-f]{64}|[0-9a-f]{40}");
  }

  /** Throws when {@code file} does not match {@code etag}; does nothing for other ETag forms. */
  static void verify(Path file, String etag, String name, HubRepoId id) throws IOException {
    if (!verifiable(etag)) {
      return;
    }
    String actual = etag.length() == 64 ? sha256(file) : gitBlobSha1(file);
    if (!actual.equals(etag)) {
      throw new HubException(
          (etag.length() == 64 ? "sha256" : "git sha1")
              + " mismatch for "
              + name
              + " of "
              + id
              + ": the hub says "
              + etag
              + ", the downloaded file has "
              + actual
              + "; the partial file was deleted, run again to download it anew");
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = digest("SHA-256");
    digestFile(md, file);
    return HexFormat.of().formatHex(md.digest());
  }

  static String gitBlobSha1(Path file) throws IOException {
    MessageDigest md = digest("SHA-1");
    md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
    digestFile(md, file);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void digestFile(MessageDigest md, Path file) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
  }

  private static MessageDigest digest(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " missing from the JDK", e);
    }
  }
}
