package io.sparkqwenvl.jobs;

import io.sparkqwenvl.model.hub.DownloadProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a model download on stderr: per file, redrawn in place on a terminal, otherwise a line at
 * most every 10 seconds and when a file completes.
 */
final class DownloadPrinter implements DownloadProgress {

  private final PrintStream out;
  private final boolean terminal;
  private final long everyMillis;
  private long last;

  DownloadPrinter(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    this.everyMillis = terminal ? 200 : 10_000;
  }

  @Override
  public synchronized void onProgress(String file, long done, long total) {
    long now = System.currentTimeMillis();
    boolean complete = total >= 0 && done >= total;
    if (!complete && now - last < everyMillis) {
      return;
    }
    last = now;
    String line =
        total > 0
            ? String.format(
                Locale.ROOT,
                "qwenvl: downloading %s %.1f/%.1f MB (%d%%)",
                file,
                done / 1e6,
                total / 1e6,
                done * 100 / total)
            : String.format(Locale.ROOT, "qwenvl: downloading %s %.1f MB", file, done / 1e6);
    if (terminal) {
      out.print("\r" + line + (complete ? "\n" : ""));
      out.flush();
    } else {
      out.println(line);
    }
  }
}
