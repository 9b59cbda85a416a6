package io.sparkqwenvl.preprocess;

/** Container formats recognised from their leading bytes (never from a file name). */
public enum MediaFormat {
  JPEG(false),
  PNG(false),
  GIF(false),
  BMP(false),
  TIFF(false),
  WEBP(false),
  MP4(true),
  MATROSKA(true),
  AVI(true),
  MPEG_TS(true),
  MPEG_PS(true),
  FLV(true),
  OGG(true),
  ASF(true);

  private final boolean video;

  MediaFormat(boolean video) {
    this.video = video;
  }

  public boolean isVideo() {
    return video;
  }

  /** Detects the format from the first bytes; null when none matches. */
  public static MediaFormat sniff(byte[] b) {
    if (b == null || b.length < 4) {
      return null;
    }
    MediaFormat image = sniffImage(b);
    return image != null ? image : sniffVideo(b);
  }

  private static MediaFormat sniffImage(byte[] b) {
    if (u(b, 0) == 0xff && u(b, 1) == 0xd8 && u(b, 2) == 0xff) {
      return JPEG;
    }
    if (at(b, 0, 0x89, 'P', 'N', 'G')) {
      return PNG;
    }
    if (at(b, 0, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (at(b, 0, 'I', 'I', 42, 0) || at(b, 0, 'M', 'M', 0, 42)) {
      return TIFF;
    }
    if (at(b, 0, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    if (b[0] == 'B' && b[1] == 'M' && b.length >= 26) {
      return BMP;
    }
    return null;
  }

  private static MediaFormat sniffVideo(byte[] b) {
    if (at(b, 0, 'R', 'I', 'F', 'F') && at(b, 8, 'A', 'V', 'I', ' ')) {
      return AVI;
    }
    if (at(b, 4, 'f', 't', 'y', 'p')
        || at(b, 4, 'm', 'o', 'o', 'v')
        || at(b, 4, 'm', 'd', 'a', 't')
        || at(b, 4, 'w', 'i', 'd', 'e')) {
      return MP4;
    }
    if (at(b, 0, 0x1a, 0x45, 0xdf, 0xa3)) {
      return MATROSKA;
    }
    if (at(b, 0, 0, 0, 1, 0xba)) {
      return MPEG_PS;
    }
    if (at(b, 0, 'F', 'L', 'V')) {
      return FLV;
    }
    if (at(b, 0, 'O', 'g', 'g', 'S')) {
      return OGG;
    }
    if (at(b, 0, 0x30, 0x26, 0xb2, 0x75)) {
      return ASF;
    }
    if (b.length > 376 && b[0] == 0x47 && b[188] == 0x47 && b[376] == 0x47) {
      return MPEG_TS;
    }
    return null;
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xff;
  }

  private static boolean at(byte[] b, int off, int... v) {
    if (off + v.length > b.length) {
      return false;
    }
    for (int i = 0; i < v.length; i++) {
      if (u(b, off + i) != (v[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
