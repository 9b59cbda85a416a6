package io.sparkqwenvl.tasks.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed values of one extracted record.
 *
 * @param fields top-level field name to value (null when missing), in schema order
 * @param nullReasons field path (e.g. {@code total}, {@code items[2].qty}) to why it is null
 */
public record TypedRecord(Map<String, Object> fields, Map<String, String> nullReasons) {

  public TypedRecord {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    nullReasons = Collections.unmodifiableMap(new LinkedHashMap<>(nullReasons));
  }
}
