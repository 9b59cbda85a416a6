package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.preprocess.MediaException;
import io.sparkqwenvl.preprocess.MediaHeader;
import io.sparkqwenvl.preprocess.MediaProbe;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.spark.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans files on the driver from their headers: reads at most {@code probeBytes} from the start of
 * each file (local files are probed in place), asks {@link MediaProbe} for size and duration
 * without decoding, and estimates the cost. Files are probed by a few threads at once. A file whose
 * header cannot be read is planned anyway with the default cost of its kind.
 */
final class HeaderProbe {

  private static final Logger LOG = LoggerFactory.getLogger(HeaderProbe.class);

  private final Configuration conf;
  private final int probeBytes;
  private final CostEstimator estimator;

  HeaderProbe(Configuration conf, int probeBytes, CostEstimator estimator) {
    this.conf = conf;
    this.probeBytes = probeBytes;
    this.estimator = estimator;
  }

  /** Plans every file, in the given order, with up to {@code threads} probes at once. */
  List<PlannedFile> plan(List<FileStatus> files, int threads) {
    if (files.size() <= 1 || threads <= 1) {
      List<PlannedFile> out = new ArrayList<>();
      files.forEach(f -> out.add(plan(f)));
      return out;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, files.size()),
            r -> {
              Thread t = new Thread(r, "qwenvl-header-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<PlannedFile>> futures = new ArrayList<>();
      for (FileStatus f : files) {
        futures.add(pool.submit(() -> plan(f)));
      }
      List<PlannedFile> out = new ArrayList<>();
      for (Future<PlannedFile> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing media headers", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("probing media headers failed: " + Redaction.describe(e));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Plans one file; never throws for unreadable or bad media. */
  PlannedFile plan(FileStatus status) {
    String path = status.getPath().toString();
    String byName = MediaKinds.typeOfName(status.getPath().getName());
    MediaHeader header = null;
    try {
      header = probe(status);
    } catch (MediaException | IOException | RuntimeException e) {
      LOG.debug(
          "header of {} not readable, planned with a default cost: {}",
          Redaction.path(path),
          Redaction.describe(e));
    }
    String type =
        header == null ? byName : header.kind() == VisionInput.Kind.VIDEO ? "video" : "image";
    return new PlannedFile(
        path,
        status.getLen(),
        status.getModificationTime(),
        type,
        header == null ? 0 : header.width(),
        header == null ? 0 : header.height(),
        header == null ? 0 : header.durationSeconds(),
        estimator.cost(header, byName));
  }

  private MediaHeader probe(FileStatus status) throws IOException, MediaException {
    if (status.getLen() == 0) {
      return null;
    }
    Path p = status.getPath();
    FileSystem fs = p.getFileSystem(conf);
    if (fs instanceof LocalFileSystem) {
      return MediaProbe.probe(java.nio.file.Path.of(p.toUri()));
    }
    byte[] head;
    try (InputStream in = fs.open(p)) {
      head = in.readNBytes((int) Math.min(status.getLen(), probeBytes));
    }
    return MediaProbe.probe(Redaction.path(p.toString()), head);
  }
}
