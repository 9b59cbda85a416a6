package io.sparkqwenvl.tasks.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One named field of a struct.
 *
 * @param name field name (JSON key)
 * @param type field type
 * @param comment the DDL comment, or null; {@code 'one of: a, b, c'} on a STRING makes an enum
 */
public record StructField(String name, DataType type, String comment) {

  private static final String ENUM_PREFIX = "one of:";

  public StructField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty field name");
    }
  }

  /**
   * The allowed values when this is a STRING whose comment starts with "one of:"
   * (case-insensitive), comma-separated, trimmed, optional surrounding quotes removed; empty
   * otherwise.
   */
  public List<String> enumValues() {
    return enumValues(type, comment);
  }

  static List<String> enumValues(DataType type, String comment) {
    if (!(type instanceof DataType.StringType) || comment == null) {
      return List.of();
    }
    String c = comment.trim();
    if (!c.toLowerCase(Locale.ROOT).startsWith(ENUM_PREFIX)) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (String part : c.substring(ENUM_PREFIX.length()).split(",")) {
      String v = part.trim();
      if (v.length() >= 2
          && (v.charAt(0) == '"' || v.charAt(0) == '\'')
          && v.charAt(v.length() - 1) == v.charAt(0)) {
        v = v.substring(1, v.length() - 1);
      }
      if (!v.isEmpty() && !values.contains(v)) {
        values.add(v);
      }
    }
    return List.copyOf(values);
  }

  String ddl(String separator) {
    String n = name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
    String s = n + separator + " " + type.ddl();
    return comment == null
        ? s
        : s + " COMMENT '" + comment.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
