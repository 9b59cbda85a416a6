/**
 * The {@code qwenvl} DataSource V2: {@link io.sparkqwenvl.spark.source.QwenVlSource} lists media
 * files on any Hadoop file system, plans partitions of similar GPU cost from header reads on the
 * driver, and annotates each file on the executors with the shared model, one row per file (bad
 * files become error rows). Options: {@link io.sparkqwenvl.spark.source.QwenVlReadOptions}.
 */
package io.sparkqwenvl.spark.source;
