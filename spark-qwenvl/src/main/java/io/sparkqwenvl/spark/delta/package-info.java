/**
 * Writing annotations into Delta tables idempotently ({@link
 * io.sparkqwenvl.spark.delta.AnnotationMerge}).
 */
package io.sparkqwenvl.spark.delta;
