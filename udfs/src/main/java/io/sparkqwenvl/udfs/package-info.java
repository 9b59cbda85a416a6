/**
 * Spark SQL surface of spark-qwenvl: the functions {@code qwen_caption}, {@code qwen_ocr}, {@code
 * qwen_detect}, {@code qwen_extract} and {@code qwen_generate}, registered by {@link
 * io.sparkqwenvl.udfs.QwenVlSessionExtensions}, and the batched operator that evaluates them.
 *
 * <p>Like Spark's Python UDFs, the calls are never evaluated row by row: an optimizer rule pulls
 * them out of any operator into a {@code BatchQwenVlEval} node, which is planned as {@code
 * BatchQwenVlEvalExec}. That operator keeps many requests in flight per task so the executor's
 * engine sees full batches, and joins each result back to its row in input order.
 */
package io.sparkqwenvl.udfs;
