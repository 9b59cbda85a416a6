package io.sparkqwenvl.tasks.grammar;

/** JSON string escaping shared by the grammar and the prompts. */
public final class JsonText {

  private JsonText() {}

  /** The JSON string body for {@code s} (no surrounding quotes). */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** {@code "s"} as a JSON string literal. */
  public static String quote(String s) {
    return "\"" + escape(s) + "\"";
  }
}
