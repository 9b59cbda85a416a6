package io.sparkqwenvl.jobs;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code unreadable:}, where every file whose name contains
 * "unreadable" is listed with its size but cannot be opened (a permission error as seen by root,
 * who can open every local file).
 */
public class UnreadableFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "unreadable";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getName().contains("unreadable")) {
      throw new java.nio.file.AccessDeniedException(f.toString(), null, "Permission denied");
    }
    return super.open(f, bufferSize);
  }
}
