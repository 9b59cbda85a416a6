package io.sparkqwenvl.spark.source;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which files a read keeps: by default those whose extension names an image or video format of the
 * requested media types; with the {@code extensions} option, exactly those extensions. The
 * extension only selects files; the content is always identified from its bytes.
 */
final class MediaKinds {

  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "jpe", "png", "gif", "bmp", "tif", "tiff", "webp");

  static final Set<String> VIDEO_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mts", "flv", "ogv", "ogg", "wmv", "asf",
          "mpg", "mpeg", "3gp");

  private final Set<String> extensions;

  private MediaKinds(Set<String> extensions) {
    this.extensions = extensions;
  }

  /**
   * A filter from the {@code media-types} and {@code extensions} options (either may be null).
   *
   * @throws IllegalArgumentException for an unknown media type or an empty selection
   */
  static MediaKinds of(String mediaTypes, String extensionList) {
    Set<String> exts = new LinkedHashSet<>();
    if (extensionList != null && !extensionList.isBlank()) {
      for (String e : extensionList.split(",")) {
        String x = e.trim().toLowerCase(Locale.ROOT);
        if (x.startsWith(".")) {
          x = x.substring(1);
        }
        if (!x.isEmpty()) {
          exts.add(x);
        }
      }
    } else {
      String types = mediaTypes == null || mediaTypes.isBlank() ? "image,video" : mediaTypes;
      for (String t : types.split(",")) {
        switch (t.trim().toLowerCase(Locale.ROOT)) {
          case "image", "images" -> exts.addAll(IMAGE_EXTENSIONS);
          case "video", "videos" -> exts.addAll(VIDEO_EXTENSIONS);
          case "" -> {}
          default ->
              throw new IllegalArgumentException(
                  "option media-types must list image and/or video, got '" + mediaTypes + "'");
        }
      }
    }
    if (exts.isEmpty()) {
      throw new IllegalArgumentException(
          "no file extension selected by media-types '"
              + mediaTypes
              + "' / extensions '"
              + extensionList
              + "'");
    }
    return new MediaKinds(Set.copyOf(exts));
  }

  /** True when a file of this name is part of the read. */
  boolean accepts(String fileName) {
    return extensions.contains(extension(fileName));
  }

  /** "video" for a video extension, else "image". */
  static String typeOfName(String fileName) {
    return VIDEO_EXTENSIONS.contains(extension(fileName)) ? "video" : "image";
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
