package io.sparkqwenvl.udfs;

/**
 * Session configuration keys of the SQL functions ({@code spark.sql.qwenvl.udf.*}), each with its
 * {@code _DEFAULT}. They are read on the driver when the query is planned and travel with the plan.
 * The model, device, engine and preprocessing settings are the connector's ({@code
 * io.sparkqwenvl.spark.QwenVlSQLProperties}); a call's options map overrides them per call.
 */
public final class QwenVlUdfProperties {

  /**
   * Rows whose calls are in flight at most per task (the batching window). Unset, it falls back to
   * {@code spark.sql.qwenvl.in-flight-per-task} when that is set, else to the default.
   */
  public static final String MAX_IN_FLIGHT = "spark.sql.qwenvl.udf.max-in-flight";

  public static final int MAX_IN_FLIGHT_DEFAULT = 64;

  /**
   * Bytes in flight at most per task: copied rows plus the media bytes of their calls. At least one
   * row is always admitted, however large.
   */
  public static final String MAX_IN_FLIGHT_BYTES = "spark.sql.qwenvl.udf.max-in-flight-bytes";

  public static final long MAX_IN_FLIGHT_BYTES_DEFAULT = 256L << 20;

  /**
   * Class implementing {@link AnnotationBackend.Factory} (public, no-argument constructor) that
   * gives the operator its annotator on each executor. The default runs the model of this JVM;
   * tests plug in fakes.
   */
  public static final String BACKEND = "spark.sql.qwenvl.udf.backend";

  public static final String BACKEND_DEFAULT = "io.sparkqwenvl.udfs.ExecutorAnnotatorBackend";

  private QwenVlUdfProperties() {}
}
