package io.sparkqwenvl.tasks;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.tasks.schema.TypedJsonReader;
import io.sparkqwenvl.tasks.schema.TypedRecord;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns generated ids into a {@link TaskResult}: decodes (a detected loop's tail trimmed to one
 * copy), parses boxes (DETECT: JSON/XML/plain; OCR_HTML: data-bbox) into original-image
 * coordinates, reads EXTRACT JSON into typed fields.
 */
final class ResultAssembler {

  private ResultAssembler() {}

  static TaskResult assemble(
      PreparedRequest p, GenerationResult g, Function<int[], String> decoder) {
    TaskKind kind = p.request().task().kind();
    boolean loop = p.guard() != null && p.guard().repetitionDetected();
    int[] ids = loop ? RepetitionDetector.trim(g.tokenIds()) : g.tokenIds();
    String text = decoder.apply(ids);
    VisionInput v = p.vision();
    List<Box> boxes = List.of();
    Map<String, Object> fields = null;
    Map<String, String> reasons = Map.of();
    if (kind == TaskKind.DETECT) {
      boxes = BoxMapper.of(v).map(GroundingParser.parse(text));
    } else if (kind == TaskKind.OCR_HTML) {
      boxes = BoxMapper.of(v).map(GroundingParser.parseHtml(text));
    } else if (kind == TaskKind.EXTRACT) {
      TypedRecord r = TypedJsonReader.read(p.schema(), text);
      fields = r.fields();
      reasons = r.nullReasons();
    }
    FinishReason reason = loop ? FinishReason.REPETITION : g.finishReason();
    return new TaskResult(
        kind,
        text,
        boxes,
        fields,
        reasons,
        reason,
        null,
        null,
        loop,
        g.promptTokens(),
        g.tokenIds().length,
        (System.nanoTime() - p.startNanos()) / 1_000_000,
        v.originalWidth(),
        v.originalHeight(),
        p.durationSeconds());
  }
}
