package io.sparkqwenvl.preprocess;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes small synthetic videos: frame i is a uniform gray of level 8·i (mod 256). */
final class TestVideos {

  private TestVideos() {}

  static void write(Path file, int frames, double fps, int w, int h) throws Exception {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(fps);
      rec.setVideoQuality(1);
      rec.start();
      for (int i = 0; i < frames; i++) {
        Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
        ByteBuffer buf = (ByteBuffer) f.image[0];
        for (int p = 0; p < f.imageStride * h; p++) {
          buf.put(p, (byte) level(i));
        }
        rec.record(f, avutil.AV_PIX_FMT_BGR24);
      }
    }
  }

  static int level(int frame) {
    return (frame * 8) & 0xff;
  }
}
