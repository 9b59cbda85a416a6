package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files of a read on any Hadoop file system: each input path is a glob; a matching folder
 * is listed (recursively unless told otherwise); hidden names ({@code _x}, {@code .x}) are skipped
 * as Spark does; the result is deduplicated and sorted by path.
 */
final class MediaListing {

  private MediaListing() {}

  /**
   * The files selected by {@code paths}.
   *
   * @throws IllegalArgumentException when a path matches nothing
   */
  static List<FileStatus> list(
      Configuration conf, List<String> paths, boolean recursive, MediaKinds kinds) {
    Map<String, FileStatus> files = new LinkedHashMap<>();
    for (String p : paths) {
      try {
        listOne(conf, new Path(p), recursive, kinds, files);
      } catch (IOException e) {
        // The original exception is not chained: its message may carry credentials.
        throw new UncheckedIOException(
            new IOException("cannot list " + Redaction.path(p) + ": " + Redaction.describe(e)));
      }
    }
    List<FileStatus> out = new ArrayList<>(files.values());
    out.sort(Comparator.comparing(s -> s.getPath().toString()));
    return out;
  }

  private static void listOne(
      Configuration conf,
      Path pattern,
      boolean recursive,
      MediaKinds kinds,
      Map<String, FileStatus> out)
      throws IOException {
    FileSystem fs = pattern.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(pattern);
    if (matches == null || matches.length == 0) {
      throw new IllegalArgumentException(
          "path does not exist or matches no file: " + Redaction.path(pattern.toString()));
    }
    for (FileStatus m : matches) {
      if (m.isDirectory()) {
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), recursive);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (!hidden(m.getPath(), f.getPath()) && kinds.accepts(f.getPath().getName())) {
            out.putIfAbsent(f.getPath().toString(), f);
          }
        }
      } else if (kinds.accepts(m.getPath().getName())) {
        out.putIfAbsent(m.getPath().toString(), m);
      }
    }
  }

  /** A name starting with "_" or "." anywhere below {@code root}. */
  private static boolean hidden(Path root, Path file) {
    String base = root.toUri().getPath();
    String path = file.toUri().getPath();
    String rel = path.startsWith(base) ? path.substring(base.length()) : file.getName();
    for (String segment : rel.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
