package io.sparkqwenvl.jobs;

/** Receives the job's progress; called on the driver thread. */
public interface JobProgress {

  /** Reports nothing. */
  JobProgress NONE = new JobProgress() {};

  /** After planning: files to annotate, and files skipped because they are done already. */
  default void planned(long filesToDo, long filesSkipped, long filesSeen) {}

  /**
   * After each committed chunk (cumulative counts). Throwing here aborts the job after the commit
   * (tests use it to simulate a crash).
   */
  default void chunkCommitted(
      int chunk, long filesDone, long itemsOk, long itemsFailed, long outputTokens) {}

  /** When the job ends, successfully or not. */
  default void finished(RunSummary summary) {}
}
