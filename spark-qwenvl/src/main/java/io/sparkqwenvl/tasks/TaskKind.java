package io.sparkqwenvl.tasks;

import java.util.Locale;

/** What the model is asked to do with one media item. */
public enum TaskKind {
  /** Brief caption ("Describe this image."). */
  CAPTION,
  /** Detailed caption. */
  CAPTION_DETAILED,
  /** Plain OCR in reading order. */
  OCR,
  /** Document parsing into QwenVL HTML with data-bbox attributes. */
  OCR_HTML,
  /** Boxes of a target phrase, mapped to the original image's pixels. */
  DETECT,
  /** JSON typed by a Spark DDL schema, constrained decoding. */
  EXTRACT,
  /** A free prompt. */
  PROMPT;

  /** Parses {@code caption|caption_detailed|ocr|ocr_html|detect|extract|prompt}. */
  public static TaskKind parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown task '"
              + s
              + "'; expected one of caption, caption_detailed, ocr, ocr_html, detect, extract,"
              + " prompt",
          e);
    }
  }

  /** Lower-case name used in tables and options. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
