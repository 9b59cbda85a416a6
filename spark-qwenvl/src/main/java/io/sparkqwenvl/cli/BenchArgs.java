package io.sparkqwenvl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * @param sweep further settings to run on the same loaded model, e.g. {@code
 *     "images=128,batch=64,lanes=2;batch=128"}: one JSON line each, after the main one
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
    long seed,
    String sweep) {

  private static final Set<String> SWEEP_KEYS =
      Set.of("images", "batch", "lanes", "new-tokens", "prefill-tokens");

  static final String USAGE =
      "usage: qwenvl bench --model DIR|random:tiny|random:3B|random:7B --images N --size WxH"
          + " --new-tokens N [--device cpu|gpu] [--precision fp32|fp16-mixed] [--batch N]"
          + " [--lanes N] [--prefill-tokens N] [--seed N] [--sweep 'k=v,k=v;k=v'] [--json]";

  /** Parses the command line; errors name the offending argument. */
  static BenchArgs parse(String[] args) {
    return parse(args, null);
  }

  private static BenchArgs parse(String[] args, BenchArgs base) {
    String model = base == null ? null : base.model;
    int images = base == null ? 8 : base.images;
    int width = base == null ? 1280 : base.width;
    int height = base == null ? 720 : base.height;
    int newTokens = base == null ? 16 : base.newTokens;
    String device = base == null ? "cpu" : base.device;
    String precision = base == null ? "fp32" : base.precision;
    boolean json = base != null && base.json;
    int batch = 0;
    int lanes = base == null ? 1 : base.lanes;
    int prefillTokens = base == null ? 24576 : base.prefillTokens;
    long seed = base == null ? 1 : base.seed;
    String sweep = null;
    boolean batchSet = false;
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
        case "--batch" -> {
          batch = positive(a, v);
          batchSet = true;
        }
        case "--lanes" -> lanes = positive(a, v);
        case "--prefill-tokens" -> prefillTokens = positive(a, v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--sweep" -> sweep = v;
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required\n" + USAGE);
    }
    if (!batchSet) {
      batch = base != null ? base.batch : Math.min(images, 64);
    }
    return new BenchArgs(
        model,
        images,
        width,
        height,
        newTokens,
        device,
        precision,
        json,
        batch,
        lanes,
        prefillTokens,
        seed,
        sweep);
  }

  /**
   * This run followed by the runs of {@code --sweep}: each entry overrides images, batch, lanes,
   * new-tokens or prefill-tokens of the main settings.
   */
  List<BenchArgs> runs() {
    List<BenchArgs> out = new ArrayList<>(List.of(this));
    if (sweep == null || sweep.isBlank()) {
      return out;
    }
    for (String entry : sweep.split(";")) {
      List<String> argv = new ArrayList<>();
      for (String kv : entry.trim().split(",")) {
        String[] p = kv.trim().split("=", 2);
        if (p.length != 2 || !SWEEP_KEYS.contains(p[0].trim())) {
          throw new IllegalArgumentException(
              "--sweep expects key=value pairs with keys " + SWEEP_KEYS + ", got '" + kv + "'");
        }
        argv.add("--" + p[0].trim());
        argv.add(p[1].trim());
      }
      BenchArgs o = parse(argv.toArray(new String[0]), this);
      out.add(o);
    }
    return out;
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
