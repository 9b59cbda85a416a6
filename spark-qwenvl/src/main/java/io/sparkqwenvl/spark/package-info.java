/**
 * Spark glue shared by the data source, the SQL functions and the jobs: connector settings ({@link
 * io.sparkqwenvl.spark.QwenVlSQLProperties}, resolved by {@link io.sparkqwenvl.spark.QwenVlConf}),
 * one model per executor and device ({@link io.sparkqwenvl.spark.ExecutorModelCache}, released by
 * {@link io.sparkqwenvl.spark.QwenVlPlugin}) and credential redaction ({@link
 * io.sparkqwenvl.spark.Redaction}).
 */
package io.sparkqwenvl.spark;
