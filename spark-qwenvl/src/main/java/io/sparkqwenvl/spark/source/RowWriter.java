package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.BoxColumns;
import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.tasks.Box;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskResult;
import io.sparkqwenvl.tasks.TaskSpec;
import io.sparkqwenvl.tasks.schema.DataType;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one file's facts and its {@link TaskResult} into a row of {@link ResultSchema}. Every
 * string that may carry a path or a message is redacted here, the last stop before Spark.
 */
final class RowWriter {

  private final TaskSpec task;
  private final DataType.StructType extractSchema;
  private final MediaOptions media;
  private final String promptHash;

  RowWriter(TaskSpec task, MediaOptions media, String promptHash) {
    this.task = task;
    this.media = media;
    this.promptHash = promptHash;
    this.extractSchema =
        task.kind() == TaskKind.EXTRACT ? SchemaParser.parse(task.schemaDdl()) : null;
  }

  /**
   * A row for {@code file}.
   *
   * @param contentHash SHA-256 hex of the bytes, null when they could not be read
   * @param modelId model id for provenance (null when the model never ran)
   * @param revision model revision for provenance
   */
  InternalRow row(
      PlannedFile file, String contentHash, TaskResult r, String modelId, String revision) {
    Object[] v = new Object[ResultSchema.WIDTH_OF_ROW];
    v[ResultSchema.PATH] = str(Redaction.path(file.path()));
    v[ResultSchema.SIZE] = file.size();
    v[ResultSchema.MODIFICATION_TIME] = file.modificationTime() * 1000L;
    v[ResultSchema.CONTENT_HASH] = str(contentHash);
    v[ResultSchema.MEDIA_TYPE] = str(file.mediaType());
    int width = r.width() > 0 ? r.width() : file.width();
    int height = r.height() > 0 ? r.height() : file.height();
    v[ResultSchema.WIDTH] = width > 0 ? width : null;
    v[ResultSchema.HEIGHT] = height > 0 ? height : null;
    v[ResultSchema.DURATION] = duration(file, r);
    v[ResultSchema.TASK] = str(task.kind().id());
    v[ResultSchema.RESULT] = r.ok() ? result(r) : null;
    v[ResultSchema.RAW_TEXT] = str(r.text());
    v[ResultSchema.FINISH_REASON] =
        r.finishReason() == null ? null : str(r.finishReason().name().toLowerCase(Locale.ROOT));
    v[ResultSchema.REPETITION_DETECTED] = r.repetitionDetected();
    v[ResultSchema.ERROR] = str(Redaction.redact(r.error()));
    v[ResultSchema.ERROR_STAGE] = str(r.errorStage());
    v[ResultSchema.PROVENANCE] = provenance(r, modelId, revision);
    return new GenericInternalRow(v);
  }

  private static Double duration(PlannedFile file, TaskResult r) {
    if (r.durationSeconds() != null) {
      return r.durationSeconds();
    }
    return "video".equals(file.mediaType()) && file.durationSeconds() > 0
        ? file.durationSeconds()
        : null;
  }

  private Object result(TaskResult r) {
    return switch (task.kind()) {
      case DETECT -> boxes(r.boxes());
      case EXTRACT -> r.fields() == null ? null : SparkTypes.struct(r.fields(), extractSchema);
      default -> str(r.text() == null ? null : r.text().strip());
    };
  }

  private static GenericArrayData boxes(List<Box> boxes) {
    Object[] out = new Object[boxes == null ? 0 : boxes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = BoxColumns.internalRow(boxes.get(i));
    }
    return new GenericArrayData(out);
  }

  private InternalRow provenance(TaskResult r, String modelId, String revision) {
    return new GenericInternalRow(
        new Object[] {
          str(Redaction.path(modelId)),
          str(revision),
          str(promptHash),
          media.minPixels(),
          media.maxPixels(),
          r.promptTokens(),
          r.outputTokens(),
          r.latencyMillis()
        });
  }

  private static UTF8String str(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }
}
