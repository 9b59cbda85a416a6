package io.sparkqwenvl.udfs;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads the media named by a path argument through Hadoop (file:, s3a:, hdfs:, ...). */
final class MediaBytes {

  /** Files larger than this are refused whatever the setting (a byte[] holds at most 2 GiB). */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private MediaBytes() {}

  /**
   * The whole file.
   *
   * @param maxBytes larger files are refused without being read
   */
  static byte[] read(String path, Configuration conf, long maxBytes) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    long len = fs.getFileStatus(p).getLen();
    long limit = Math.min(maxBytes, MAX_BYTES);
    if (len > limit) {
      throw new IOException(
          "the file has " + len + " bytes, more than the " + limit + " allowed (max-media-bytes)");
    }
    try (FSDataInputStream in = fs.open(p)) {
      return readAll(in, (int) len);
    }
  }

  private static byte[] readAll(InputStream in, int len) throws IOException {
    byte[] out = new byte[len];
    int off = 0;
    while (off < len) {
      int n = in.read(out, off, len - off);
      if (n < 0) {
        throw new IOException("file ended after " + off + " of " + len + " bytes");
      }
      off += n;
    }
    return out;
  }
}
