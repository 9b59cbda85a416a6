package io.sparkqwenvl.model.hub;

/** Receives byte counts while a file downloads; called from the downloading thread. */
@FunctionalInterface
public interface DownloadProgress {

  /** Does nothing. */
  DownloadProgress NONE = (file, done, total) -> {};

  /**
   * @param file repo-relative file name
   * @param bytesDone bytes of this file on disk so far (resumed bytes included)
   * @param bytesTotal size of the file, or -1 when the hub did not say
   */
  void onProgress(String file, long bytesDone, long bytesTotal);
}
