package io.sparkqwenvl.preprocess;

/**
 * Bad input media: names the input (path or id) and the reason. Checked, because every caller must
 * turn it into an error row rather than a failed job.
 */
public class MediaException extends Exception {

  /** Why the media was refused. */
  public enum Reason {
    EMPTY,
    UNDECODABLE,
    UNSUPPORTED_FORMAT,
    UNSUPPORTED_CODEC,
    TOO_SMALL,
    ASPECT_RATIO,
    PIXEL_LIMIT,
    NO_FRAMES,
    IO
  }

  private final String input;
  private final Reason reason;

  public MediaException(String input, Reason reason, String message) {
    this(input, reason, message, null);
  }

  public MediaException(String input, Reason reason, String message, Throwable cause) {
    super(input + ": " + reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + message, cause);
    this.input = input;
    this.reason = reason;
  }

  /** The path or id of the media that was refused. */
  public String input() {
    return input;
  }

  public Reason reason() {
    return reason;
  }
}
