package io.sparkqwenvl.tasks.schema;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's JSON answer into typed Java values of a schema: String, Integer, Long, Double,
 * Float, Boolean, BigDecimal (with the schema's scale), LocalDate, Instant, List and LinkedHashMap
 * for structs. Lenient about the wrapping (code fences, prose around the object), strict about
 * values: a value that does not fit its type becomes null with a reason, never an exception.
 */
public final class TypedJsonReader {

  /** Reason recorded when the model wrote {@code null}. */
  public static final String MODEL_NULL = "model returned null";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .build();

  private TypedJsonReader() {}

  /** Reads {@code text}; never throws. */
  public static TypedRecord read(DataType.StructType schema, String text) {
    Map<String, String> reasons = new LinkedHashMap<>();
    JsonNode root = null;
    String error = null;
    if (text == null || text.isBlank()) {
      error = "empty output";
    } else {
      try {
        root = MAPPER.readTree(extractJson(text));
      } catch (Exception e) {
        error = "unparseable output: " + firstLine(e.getMessage());
      }
    }
    if (root == null || root.isMissingNode()) {
      root = null;
      error = error == null ? "empty output" : error;
    } else if (root.isNull()) {
      error = MODEL_NULL;
    } else if (!root.isObject()) {
      error = "expected a JSON object, got " + root.getNodeType().name().toLowerCase();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      if (error != null) {
        fields.put(f.name(), null);
        reasons.put(f.name(), error);
      } else {
        fields.put(f.name(), convert(f.type(), f, root.get(f.name()), f.name(), reasons));
      }
    }
    return new TypedRecord(fields, reasons);
  }

  /** The JSON part of a model answer: inside a ```json fence if any, from the first { or [. */
  static String extractJson(String text) {
    String t = text.strip();
    int fence = t.indexOf("```");
    if (fence >= 0) {
      int bodyStart = t.indexOf('\n', fence);
      int end = bodyStart < 0 ? -1 : t.indexOf("```", bodyStart);
      t = bodyStart < 0 ? t : t.substring(bodyStart + 1, end < 0 ? t.length() : end);
    }
    int brace = t.indexOf('{');
    if (brace > 0 && !t.startsWith("null")) {
      t = t.substring(brace);
    }
    return t;
  }

  private static Object convert(
      DataType type, StructField field, JsonNode v, String path, Map<String, String> reasons) {
    if (v == null || v.isMissingNode()) {
      reasons.put(path, "missing in model output");
      return null;
    }
    if (v.isNull()) {
      reasons.put(path, MODEL_NULL);
      return null;
    }
    try {
      Object out = value(type, field, v, path, reasons);
      if (out == null) {
        reasons.put(path, "not a valid " + type.ddl() + ": " + abbreviate(v.toString()));
      }
      return out;
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      reasons.put(path, "not a valid " + type.ddl() + ": " + abbreviate(v.toString()));
      return null;
    }
  }

  private static Object value(
      DataType type, StructField field, JsonNode v, String path, Map<String, String> reasons) {
    if (type instanceof DataType.StringType) {
      if (!v.isValueNode()) {
        return null;
      }
      String s = v.asText();
      List<String> allowed = field == null ? List.of() : field.enumValues();
      return allowed.isEmpty() || allowed.contains(s) ? s : null;
    } else if (type instanceof DataType.IntType) {
      return v.isIntegralNumber() ? Math.toIntExact(v.bigIntegerValue().longValueExact()) : null;
    } else if (type instanceof DataType.LongType) {
      return v.isIntegralNumber() ? v.bigIntegerValue().longValueExact() : null;
    } else if (type instanceof DataType.DoubleType) {
      return v.isNumber() ? v.doubleValue() : null;
    } else if (type instanceof DataType.FloatType) {
      return v.isNumber() ? v.floatValue() : null;
    } else if (type instanceof DataType.BooleanType) {
      return v.isBoolean() ? v.booleanValue() : null;
    } else if (type instanceof DataType.DecimalType d) {
      return v.isNumber() ? decimal(new BigDecimal(v.asText()), d) : null;
    } else if (type instanceof DataType.DateType) {
      return v.isTextual() ? LocalDate.parse(v.asText()) : null;
    } else if (type instanceof DataType.TimestampType) {
      return v.isTextual() ? Instant.parse(v.asText()) : null;
    } else if (type instanceof DataType.ArrayType a) {
      return v.isArray() ? array(a, v, path, reasons) : null;
    } else if (type instanceof DataType.StructType st) {
      return v.isObject() ? struct(st, v, path, reasons) : null;
    }
    throw new IllegalArgumentException("unsupported type " + type.ddl());
  }

  private static BigDecimal decimal(BigDecimal b, DataType.DecimalType d) {
    BigDecimal scaled = b.setScale(d.scale(), RoundingMode.UNNECESSARY);
    if (scaled.precision() - scaled.scale() > d.precision() - d.scale()
        && scaled.compareTo(BigDecimal.ZERO) != 0) {
      return null;
    }
    return scaled;
  }

  private static List<Object> array(
      DataType.ArrayType a, JsonNode v, String path, Map<String, String> reasons) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(convert(a.element(), null, v.get(i), path + "[" + i + "]", reasons));
    }
    return out;
  }

  private static Map<String, Object> struct(
      DataType.StructType st, JsonNode v, String path, Map<String, String> reasons) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (StructField f : st.fields()) {
      out.put(f.name(), convert(f.type(), f, v.get(f.name()), path + "." + f.name(), reasons));
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
