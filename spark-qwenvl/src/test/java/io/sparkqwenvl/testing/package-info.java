/**
 * Test infrastructure shared through the test-jar: {@link io.sparkqwenvl.testing.SparkTestBase}
 * (one local session per class with Delta), {@link io.sparkqwenvl.testing.LocalS3} (in-process S3
 * for s3a://), {@link io.sparkqwenvl.testing.BadFiles} and {@link io.sparkqwenvl.testing.TestMedia}
 * (media corpora), {@link io.sparkqwenvl.testing.LogCapture} (log assertions).
 */
package io.sparkqwenvl.testing;
