package io.sparkqwenvl.tasks;

import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.tasks.schema.DataType;

/**
 * A request after preprocessing and prompting, waiting for generation.
 *
 * @param request the original request
 * @param vision the preprocessed media
 * @param promptIds expanded prompt ids
 * @param schema EXTRACT schema, else null
 * @param guard the repetition guard of this sequence, or null
 * @param durationSeconds video duration from the container header, null for images or unknown
 * @param startNanos submission time
 */
record PreparedRequest(
    AnnotationRequest request,
    VisionInput vision,
    int[] promptIds,
    DataType.StructType schema,
    RepetitionGuard guard,
    Double durationSeconds,
    long startNanos) {}
