package io.sparkqwenvl.jobs;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows the job's progress: on a terminal ({@code System.console() != null}) a bar redrawn in place
 * with {@code \r} (files done/total, images/s, tokens/s, ETA); otherwise one plain log line per
 * committed chunk, at most every few seconds, plus the first and last.
 */
public final class ConsoleProgress implements JobProgress {

  private static final int BAR = 30;
  private static final long LOG_EVERY_MILLIS = 5_000;

  private final PrintStream out;
  private final boolean terminal;
  private long start;
  private long total;
  private long lastLog;

  public ConsoleProgress(PrintStream out) {
    this(out, System.console() != null);
  }

  ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void planned(long filesToDo, long filesSkipped, long filesSeen) {
    start = System.currentTimeMillis();
    total = filesToDo;
    out.printf(
        Locale.ROOT,
        "qwenvl: %d media files found, %d already annotated or duplicates, %d to annotate%n",
        filesSeen,
        filesSkipped,
        filesToDo);
  }

  @Override
  public void chunkCommitted(
      int chunk, long filesDone, long itemsOk, long itemsFailed, long tokens) {
    long now = System.currentTimeMillis();
    String line = line(filesDone, itemsFailed, tokens, now);
    if (terminal) {
      out.print("\r" + line);
      if (filesDone >= total) {
        out.println();
      }
      out.flush();
    } else if (now - lastLog >= LOG_EVERY_MILLIS || filesDone >= total || chunk == 1) {
      lastLog = now;
      out.println("qwenvl: " + line);
    }
  }

  @Override
  public void finished(RunSummary s) {
    out.printf(
        Locale.ROOT,
        "qwenvl: run %s %s: %d files ok, %d failed, %d skipped, %.2f images/s, %.1f tokens/s%n",
        s.runId(),
        s.status(),
        s.filesOk(),
        s.filesFailed(),
        s.filesSkipped(),
        s.imagesPerSecond(),
        s.tokensPerSecond());
  }

  String line(long done, long failed, long tokens, long now) {
    double secs = Math.max(1, now - start) / 1000.0;
    double rate = done / secs;
    int filled = total == 0 ? BAR : (int) (BAR * Math.min(1.0, done / (double) total));
    String eta = rate > 0 ? formatSeconds((long) ((total - done) / rate)) : "?";
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d files (%d failed)  %.2f images/s  %.1f tokens/s  ETA %s",
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        done,
        total,
        failed,
        rate,
        tokens / secs,
        eta);
  }

  static String formatSeconds(long s) {
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
