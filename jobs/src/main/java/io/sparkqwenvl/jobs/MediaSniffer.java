package io.sparkqwenvl.jobs;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a listed file belongs to the corpus and whether it is an image or a video, from
 * its first bytes (magic) and, failing that, its extension. A file with a media extension whose
 * bytes are not media still counts (it fails later and lands in the quarantine with its stage).
 */
public final class MediaSniffer {

  /** Bytes of the file head this class looks at. */
  public static final int HEAD_BYTES = 16;

  static final Set<String> IMAGE_EXT =
      Set.of("jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff");
  static final Set<String> VIDEO_EXT = Set.of("mp4", "m4v", "mov", "webm", "mkv", "avi");

  private MediaSniffer() {}

  /** "image", "video", or null when the file is not part of the corpus. */
  public static String kind(String path, byte[] head) {
    String byMagic = byMagic(head);
    if (byMagic != null) {
      return byMagic;
    }
    String ext = extension(path);
    if (IMAGE_EXT.contains(ext)) {
      return "image";
    }
    return VIDEO_EXT.contains(ext) ? "video" : null;
  }

  static String byMagic(byte[] h) {
    if (h == null || h.length < 4) {
      return null;
    }
    if (u(h, 0) == 0xFF && u(h, 1) == 0xD8 && u(h, 2) == 0xFF) {
      return "image";
    }
    String ascii = new String(h, 0, Math.min(h.length, 12), StandardCharsets.ISO_8859_1);
    if (ascii.startsWith("\u0089PNG")
        || ascii.startsWith("GIF8")
        || ascii.startsWith("BM")
        || ascii.startsWith("II*\u0000")
        || ascii.startsWith("MM\u0000*")) {
      return "image";
    }
    if (ascii.startsWith("RIFF") && ascii.length() >= 12) {
      String sub = ascii.substring(8, 12);
      return sub.equals("WEBP") ? "image" : sub.equals("AVI ") ? "video" : null;
    }
    if (ascii.length() >= 8 && ascii.startsWith("ftyp", 4)) {
      return "video";
    }
    if (u(h, 0) == 0x1A && u(h, 1) == 0x45 && u(h, 2) == 0xDF && u(h, 3) == 0xA3) {
      return "video";
    }
    return null;
  }

  static String extension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xFF;
  }
}
