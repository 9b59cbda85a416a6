package io.sparkqwenvl.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkqwenvl.runtime.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes extracted fields (String, Integer, Long, Double, Float, Boolean, BigDecimal, LocalDate,
 * Instant, List, Map) as a JSON object string; dates and timestamps as ISO-8601 strings, decimals
 * as exact numbers. One JSON column lets tasks with different schemas share one table; read it back
 * typed with {@code from_json(fields_json, '<the DDL>')}.
 */
final class FieldsJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private FieldsJson() {}

  static String write(Map<String, Object> fields) {
    return Json.write(node(fields));
  }

  private static JsonNode node(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), node(x)));
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = F.arrayNode();
      l.forEach(x -> a.add(node(x)));
      return a;
    }
    if (v instanceof BigDecimal d) {
      return F.numberNode(d);
    }
    if (v instanceof Integer i) {
      return F.numberNode(i);
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof Double d) {
      return F.numberNode(d);
    }
    if (v instanceof Float f) {
      return F.numberNode(f);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    return F.textNode(v.toString());
  }
}
