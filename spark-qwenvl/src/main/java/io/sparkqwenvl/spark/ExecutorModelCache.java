package io.sparkqwenvl.spark;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.model.ModelOptions;
import io.sparkqwenvl.model.Precision;
import io.sparkqwenvl.model.hub.HubOptions;
import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.runtime.DjlDefaults;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.tasks.AnnotatorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model ({@link Annotator}, with its engine) per (model, device, precision) in this JVM,
 * loaded on first use and shared by every task that runs on the same device, including tasks that
 * share a GPU ({@code spark.task.resource.gpu.amount < 1}). The device is the task's assigned GPU
 * ({@code TaskContext.resources().get("gpu")}) unless configured otherwise, the CPU when none is
 * assigned. Models are closed when the executor stops ({@link QwenVlPlugin}) or, as a backup, by a
 * JVM shutdown hook. Engine settings are those of the read that loaded the model.
 *
 * <pre>{@code
 * Annotator annotator = ExecutorModelCache.get(conf);   // inside a task
 * }</pre>
 */
public final class ExecutorModelCache {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModelCache.class);

  /**
   * Identity of a loaded model.
   *
   * @param model model id or directory as configured
   * @param device "cpu" or "gpu:N"
   * @param precision numeric policy
   */
  public record ModelKey(String model, String device, Precision precision) {}

  private static final Map<ModelKey, Annotator> MODELS = new ConcurrentHashMap<>();
  private static final Map<ModelKey, Object> LOCKS = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOK = new AtomicBoolean();
  private static final java.util.Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private ExecutorModelCache() {}

  /** The model for {@code conf} on the current task's device, loading it on first use. */
  public static Annotator get(QwenVlConf conf) {
    ModelKey key = key(conf, TaskContext.get());
    return get(key, conf.engineOptions(key.device()), conf.cacheDir());
  }

  /** The key {@code conf} resolves to for {@code task} (null outside a task). */
  public static ModelKey key(QwenVlConf conf, TaskContext task) {
    String device = resolveDevice(conf.device(), task);
    return new ModelKey(conf.model(), device, resolvePrecision(conf.precision(), device));
  }

  /** The model of {@code key}, loading it with these engine settings on first use. */
  public static Annotator get(ModelKey key, EngineOptions engine, String cacheDir) {
    Annotator loaded = MODELS.get(key);
    if (loaded != null) {
      warnIfEngineDiffers(key, loaded, engine);
      return loaded;
    }
    // One lock per key: loading a model takes long and must not block other keys.
    synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
      loaded = MODELS.get(key);
      if (loaded == null) {
        loaded = open(key, engine, cacheDir);
        MODELS.put(key, loaded);
        registerShutdownHook();
      }
      return loaded;
    }
  }

  /**
   * One engine serves a model per JVM, built with the settings of the first read that loaded it:
   * later reads asking for other engine settings get it as it is, with one warning per setting.
   */
  private static void warnIfEngineDiffers(ModelKey key, Annotator loaded, EngineOptions asked) {
    EngineOptions used = loaded.engineOptions();
    if (!used.equals(asked) && WARNED.add(key + " " + asked)) {
      LOG.warn(
          "model {} on {} is already loaded with engine settings {}; the settings {} of this read"
              + " take effect only in a new executor JVM",
          Redaction.path(key.model()),
          key.device(),
          used,
          asked);
    }
  }

  private static Annotator open(ModelKey key, EngineOptions engine, String cacheDir) {
    DjlDefaults.apply();
    long start = System.nanoTime();
    AnnotatorOptions options =
        new AnnotatorOptions(
            new ModelOptions(key.device(), key.precision()), engine, preprocessThreads(), true);
    Annotator a = Annotator.open(resolve(key.model(), cacheDir), options);
    LOG.info(
        "loaded model {} on {} ({}) in {} ms",
        Redaction.path(key.model()),
        key.device(),
        key.precision(),
        (System.nanoTime() - start) / 1_000_000);
    return a;
  }

  /** With a cache folder configured, the model's local directory under it; else the id as is. */
  private static String resolve(String model, String cacheDir) {
    if (cacheDir == null) {
      return model;
    }
    HubOptions hub = HubOptions.fromEnvironment().withCacheRoot(Path.of(cacheDir));
    try {
      return new ModelResolver(hub, null).resolvePath(model).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot resolve model '" + Redaction.path(model) + "' in cache " + cacheDir, e);
    }
  }

  /** Threads decoding media ahead of the engine: half the cores, at least 2. */
  private static int preprocessThreads() {
    return Math.max(2, Runtime.getRuntime().availableProcessors() / 2);
  }

  /**
   * The device to use: {@code cpu} and {@code gpu:N} as given; {@code auto} and {@code gpu} pick
   * the first GPU address assigned to {@code task}; without one, {@code auto} means the CPU and
   * {@code gpu} means gpu:0.
   */
  public static String resolveDevice(String configured, TaskContext task) {
    return resolveDevice(configured, assignedGpus(task));
  }

  /** As {@link #resolveDevice(String, TaskContext)} given the task's GPU addresses. */
  static String resolveDevice(String configured, String[] gpuAddresses) {
    String d = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
    if (d.equals("cpu") || d.matches("gpu:\\d+")) {
      return d;
    }
    if (!d.equals("auto") && !d.equals("gpu")) {
      throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, got '" + d + "'");
    }
    if (gpuAddresses != null && gpuAddresses.length > 0) {
      return "gpu:" + gpuAddresses[0].trim();
    }
    return d.equals("gpu") ? "gpu:0" : "cpu";
  }

  private static String[] assignedGpus(TaskContext task) {
    if (task == null) {
      return null;
    }
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null ? null : gpu.addresses();
  }

  /** {@code auto}: FP16_MIXED on a GPU, FP32 on the CPU; {@code fp32}; {@code fp16}. */
  public static Precision resolvePrecision(String configured, String device) {
    String p = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
    return switch (p) {
      case "auto" -> device.startsWith("gpu") ? Precision.FP16_MIXED : Precision.FP32;
      case "fp32", "float32" -> Precision.FP32;
      case "fp16", "fp16_mixed", "fp16-mixed", "float16" -> Precision.FP16_MIXED;
      default ->
          throw new IllegalArgumentException(
              "precision must be auto, fp32 or fp16, got '" + p + "'");
    };
  }

  /** Keys of the models loaded in this JVM. */
  public static List<ModelKey> loaded() {
    return List.copyOf(MODELS.keySet());
  }

  /** Closes and forgets every loaded model; later calls to {@link #get} load again. */
  public static void closeAll() {
    WARNED.clear();
    List<ModelKey> keys = new ArrayList<>(MODELS.keySet());
    for (ModelKey key : keys) {
      synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
        Annotator a = MODELS.remove(key);
        if (a != null) {
          try {
            a.close();
            LOG.info("closed model {} on {}", Redaction.path(key.model()), key.device());
          } catch (Exception e) {
            LOG.warn(
                "closing model {} failed: {}", Redaction.path(key.model()), Redaction.describe(e));
          }
        }
      }
    }
  }

  private static void registerShutdownHook() {
    if (HOOK.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ExecutorModelCache::closeAll, "qwenvl-model-cache-close"));
    }
  }
}
