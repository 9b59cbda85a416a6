package io.sparkqwenvl.jobs;

/**
 * What a run did; also the row appended to the runs table.
 *
 * @param runId run id
 * @param status succeeded or failed
 * @param startedMillis start time
 * @param endedMillis end time
 * @param modelId the model as named
 * @param modelRevision the weights' revision
 * @param filesSeen media files found
 * @param filesSkipped files with nothing left to do (done earlier, or copies of done content)
 * @param filesOk files whose every pending task succeeded in this run
 * @param filesFailed files with at least one failed task in this run
 * @param itemsOk (file, task) results written
 * @param itemsFailed (file, task) failures quarantined
 * @param chunks chunks committed
 * @param outputTokens tokens generated
 * @param annotateMillis time spent annotating and committing chunks (the rates' denominator)
 * @param error the failure, null on success
 */
public record RunSummary(
    String runId,
    String status,
    long startedMillis,
    long endedMillis,
    String modelId,
    String modelRevision,
    long filesSeen,
    long filesSkipped,
    long filesOk,
    long filesFailed,
    long itemsOk,
    long itemsFailed,
    int chunks,
    long outputTokens,
    long annotateMillis,
    String error) {

  /** Annotated files (ok or failed) per second of annotation time (model load excluded). */
  public double imagesPerSecond() {
    return (filesOk + filesFailed) / (Math.max(1, annotateMillis) / 1000.0);
  }

  /** Generated tokens per second of annotation time. */
  public double tokensPerSecond() {
    return outputTokens / (Math.max(1, annotateMillis) / 1000.0);
  }
}
