package io.sparkqwenvl.preprocess;

import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.tasks.MediaOptions;
import java.nio.file.Path;

/**
 * Entry point: encoded bytes (or a file) → {@link VisionInput}, telling images from videos by their
 * leading bytes. Every bad input is a {@link MediaException} naming the input and a reason.
 */
public final class MediaPreprocessor {

  private MediaPreprocessor() {}

  /** Preprocesses encoded media. */
  public static VisionInput preprocess(
      String mediaId, byte[] content, MediaOptions opts, PreprocessorConfig cfg)
      throws MediaException {
    MediaFormat format = MediaProbe.detect(mediaId, content);
    if (format.isVideo()) {
      return VideoProcessor.process(mediaId, content, opts, cfg);
    }
    return ImageProcessor.process(mediaId, content, opts, cfg);
  }

  /** Preprocesses a file; videos are decoded in place, images read fully. */
  public static VisionInput preprocess(Path file, MediaOptions opts, PreprocessorConfig cfg)
      throws MediaException {
    MediaHeader header = MediaProbe.probe(file);
    String id = file.toString();
    if (header.kind() == VisionInput.Kind.VIDEO) {
      return VideoProcessor.process(id, file, opts, cfg);
    }
    return ImageProcessor.process(id, ImageDecoder.readAll(file), opts, cfg);
  }
}
