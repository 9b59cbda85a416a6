package io.sparkqwenvl.udfs;

import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskResult;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;

/**
 * What a task needs to run one call: the function, its options over the session's settings and the
 * result type. Built on the driver from a {@link QwenVlCall}, where it is validated, and shipped to
 * the tasks.
 */
final class CallPlan implements Serializable {

  private static final long serialVersionUID = 1L;

  private final QwenVlFunction function;
  private final CallOptions options;
  private final TreeMap<String, String> sessionConf;
  private final DataType resultType;
  private final boolean pathContent;
  private transient QwenVlConf conf;
  private transient MediaOptions media;

  private CallPlan(
      QwenVlFunction function,
      CallOptions options,
      TreeMap<String, String> sessionConf,
      DataType resultType,
      boolean pathContent) {
    this.function = function;
    this.options = options;
    this.sessionConf = sessionConf;
    this.resultType = resultType;
    this.pathContent = pathContent;
  }

  /** The plan of {@code call} under the session settings; throws for invalid settings. */
  static CallPlan of(QwenVlCall call, BatchSettings settings) {
    CallPlan p =
        new CallPlan(
            call.function(),
            call.options(),
            settings.sqlConf(),
            call.dataType(),
            call.content().dataType() instanceof StringType);
    p.conf().model();
    p.media();
    p.conf().generationConfig();
    p.maxMediaBytes();
    return p;
  }

  QwenVlFunction function() {
    return function;
  }

  /** True when the media argument is a path string to read, false for bytes. */
  boolean pathContent() {
    return pathContent;
  }

  /** Largest media file read for a path argument (max-media-bytes, option over session). */
  long maxMediaBytes() {
    return conf().maxMediaBytes();
  }

  /** The call's options (model, device, precision… as given), for the backend. */
  Map<String, String> options() {
    return options.values();
  }

  private QwenVlConf conf() {
    if (conf == null) {
      conf = options.conf(sessionConf);
    }
    return conf;
  }

  private MediaOptions media() {
    if (media == null) {
      media = conf().mediaOptions();
    }
    return media;
  }

  /**
   * The request of one row.
   *
   * @param text the row's text argument (target, schema or prompt); null for functions without
   * @throws IllegalArgumentException when the row's arguments make no valid task (e.g. a blank
   *     target)
   */
  AnnotationRequest request(String mediaId, byte[] content, String text) {
    return new AnnotationRequest(mediaId, content, options.task(function, text, conf()), media());
  }

  /** A failed result of this call, for failures before the request reaches the backend. */
  TaskResult failure(String stage, String error) {
    return TaskResult.failure(options.kind(function), stage, error, 0);
  }

  /** The result column's value for a successful result. */
  Object value(TaskResult result) {
    return CatalystValues.of(function, result, resultType);
  }
}
