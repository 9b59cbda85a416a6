package io.sparkqwenvl.cli;

import java.util.Locale;

/**
 * Arguments of {@code qwenvl bench}.
 *
 * @param model a model directory, or random:tiny | random:3B | random:7B
 * @param images synthetic images to caption
 * @param width image width in pixels
 * @param height image height in pixels
 * @param newTokens tokens generated per image, exactly (stop tokens ignored)
 * @param device cpu | gpu | gpu:N
 * @param precision fp32 | fp16-mixed
 * @param json print only the JSON line
 * @param batch KV slots per lane (sequences decoded together)
 * @param lanes scheduler threads, each with its own slots, dispatching to the same device
 * @param prefillTokens patches + prompt tokens per prefill at most
 * @param seed weights and pixels seed
 */
record BenchArgs(
    String model,
    int images,
    int width,
    int height,
    int newTokens,
    String device,
    String precision,
    boolean json,
    int batch,
    int lanes,
    int prefillTokens,
    long seed) {

  static final String USAGE =
      "usage: qwenvl bench --model DIR|random:tiny|random:3B|random:7B --images N --size WxH"
          + " --new-tokens N [--device cpu|gpu] [--precision fp32|fp16-mixed] [--batch N]"
          + " [--lanes N] [--prefill-tokens N] [--seed N] [--json]";

  /** Parses the command line; errors name the offending argument. */
  static BenchArgs parse(String[] args) {
    String model = null;
    int images = 8;
    int width = 1280;
    int height = 720;
    int newTokens = 16;
    String device = "cpu";
    String precision = "fp32";
    boolean json = false;
    int batch = 0;
    int lanes = 1;
    int prefillTokens = 24576;
    long seed = 1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--json")) {
        json = true;
        continue;
      }
      String v = value(args, i++);
      switch (a) {
        case "--model" -> model = v;
        case "--images" -> images = positive(a, v);
        case "--size" -> {
          String[] wh = v.toLowerCase(Locale.ROOT).split("x");
          if (wh.length != 2) {
            throw new IllegalArgumentException("--size expects WxH, got '" + v + "'");
          }
          width = positive(a, wh[0]);
          height = positive(a, wh[1]);
        }
        case "--new-tokens" -> newTokens = positive(a, v);
        case "--device" -> device = v;
        case "--precision" -> precision = precision(v);
        case "--batch" -> batch = positive(a, v);
        case "--lanes" -> lanes = positive(a, v);
        case "--prefill-tokens" -> prefillTokens = positive(a, v);
        case "--seed" -> seed = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required\n" + USAGE);
    }
    batch = batch == 0 ? Math.min(images, 64) : batch;
    return new BenchArgs(
        model, images, width, height, newTokens, device, precision, json, batch, lanes,
        prefillTokens, seed);
  }

  private static String value(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
    }
    return args[i + 1];
  }

  private static int positive(String name, String v) {
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " expects a positive integer, got '" + v + "'");
    }
    if (n < 1) {
      throw new IllegalArgumentException(name + " expects a positive integer, got " + n);
    }
    return n;
  }

  private static String precision(String v) {
    String p = v.toLowerCase(Locale.ROOT);
    if (!p.equals("fp32") && !p.equals("fp16-mixed")) {
      throw new IllegalArgumentException("--precision expects fp32 or fp16-mixed, got '" + v + "'");
    }
    return p;
  }

  /** True for random:tiny / random:3B / random:7B. */
  boolean isRandom() {
    return model.startsWith("random:");
  }

  /** The architecture name after "random:". */
  String architecture() {
    return model.substring("random:".length());
  }
}
