package io.sparkqwenvl.tasks;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads boxes and points from Qwen2.5-VL output (facts §7.1), in model-input pixels: JSON objects
 * with {@code bbox_2d} or {@code point_2d} and {@code label}/{@code text_content} (fenced or not,
 * prose around it, a truncated last element salvaged by keeping every complete object), plain text
 * lines {@code x1,y1,x2,y2 label}, XML {@code <points x1=".." y1=".." alt="..">phrase</points>} and
 * QwenVL HTML {@code data-bbox="x1 y1 x2 y2"} attributes. Never throws; unreadable parts are
 * skipped.
 */
public final class GroundingParser {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .build();
  private static final Pattern PLAIN =
      Pattern.compile(
          "(?m)^\\s*(-?\\d+(?:\\.\\d+)?)\\s*,\\s*(-?\\d+(?:\\.\\d+)?)\\s*,\\s*"
              + "(-?\\d+(?:\\.\\d+)?)\\s*,\\s*(-?\\d+(?:\\.\\d+)?)\\s+(.*?)\\s*$");
  private static final Pattern POINTS =
      Pattern.compile("<points\\b([^>]*)>(.*?)</points>", Pattern.DOTALL);
  private static final Pattern ATTR = Pattern.compile("([A-Za-z_][\\w-]*)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern HTML_BOX =
      Pattern.compile(
          "<([a-zA-Z][\\w-]*)\\b[^>]*?data-bbox=\"\\s*(-?[\\d.]+)\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)"
              + "\\s+(-?[\\d.]+)\\s*\"[^>]*>(.*?)(?=</\\1>|<[a-zA-Z][^>]*data-bbox=|$)",
          Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private GroundingParser() {}

  /** Every box/point found, in output order; tries JSON, then XML points, then plain text. */
  public static List<RawBox> parse(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<RawBox> out = parseJson(text);
    if (out.isEmpty()) {
      out = parsePoints(text);
    }
    if (out.isEmpty()) {
      out = parsePlain(text);
    }
    return out;
  }

  /** Boxes of QwenVL HTML (document parsing): label = the element's text, else its tag name. */
  public static List<RawBox> parseHtml(String html) {
    List<RawBox> out = new ArrayList<>();
    if (html == null) {
      return out;
    }
    Matcher m = HTML_BOX.matcher(html);
    while (m.find()) {
      String inner = TAG.matcher(m.group(6)).replaceAll(" ").replaceAll("\\s+", " ").strip();
      out.add(
          new RawBox(
              inner.isEmpty() ? m.group(1) : inner,
              num(m.group(2)),
              num(m.group(3)),
              num(m.group(4)),
              num(m.group(5)),
              false,
              null,
              null));
    }
    return out;
  }

  static List<RawBox> parseJson(String text) {
    List<RawBox> out = new ArrayList<>();
    for (String obj : completeObjects(text)) {
      try {
        collect(MAPPER.readTree(obj), out);
      } catch (Exception e) {
        // an object that is not JSON (prose in braces): skip it
      }
    }
    return out;
  }

  /** Top-level balanced {...} spans outside strings; an unclosed last one is dropped. */
  static List<String> completeObjects(String text) {
    List<String> spans = new ArrayList<>();
    int depth = 0;
    int start = -1;
    boolean inString = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          inString = false;
        }
      } else if (depth > 0 && (c == '"' || c == '\'')) {
        inString = true;
        quote = c;
      } else if (c == '{') {
        if (depth++ == 0) {
          start = i;
        }
      } else if (c == '}' && depth > 0 && --depth == 0) {
        spans.add(text.substring(start, i + 1));
      }
    }
    return spans;
  }

  private static void collect(JsonNode n, List<RawBox> out) {
    JsonNode box = n.get("bbox_2d");
    JsonNode pt = n.get("point_2d");
    String label = text(n, "label", "text_content", "text", "name");
    Integer frame = n.has("frame") ? Integer.valueOf(n.get("frame").asInt()) : null;
    if (frame == null && n.has("frame_index")) {
      frame = n.get("frame_index").asInt();
    }
    Double time =
        n.has("timestamp") && n.get("timestamp").isNumber() ? n.get("timestamp").asDouble() : null;
    if (box != null && box.isArray() && box.size() == 4 && numeric(box)) {
      out.add(
          new RawBox(
              label,
              box.get(0).asDouble(),
              box.get(1).asDouble(),
              box.get(2).asDouble(),
              box.get(3).asDouble(),
              false,
              frame,
              time));
    } else if (pt != null && pt.isArray() && pt.size() == 2 && numeric(pt)) {
      double x = pt.get(0).asDouble();
      double y = pt.get(1).asDouble();
      out.add(new RawBox(label, x, y, x, y, true, frame, time));
    }
  }

  private static boolean numeric(JsonNode arr) {
    for (JsonNode v : arr) {
      if (!v.isNumber()) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode n, String... keys) {
    for (String k : keys) {
      JsonNode v = n.get(k);
      if (v != null && v.isValueNode() && !v.isNull()) {
        return v.asText();
      }
    }
    return "";
  }

  static List<RawBox> parsePoints(String text) {
    List<RawBox> out = new ArrayList<>();
    Matcher m = POINTS.matcher(text);
    while (m.find()) {
      java.util.Map<String, String> attrs = new java.util.HashMap<>();
      Matcher a = ATTR.matcher(m.group(1));
      while (a.find()) {
        attrs.put(a.group(1), a.group(2));
      }
      String phrase = m.group(2).strip();
      String label = phrase.isEmpty() ? attrs.getOrDefault("alt", "") : phrase;
      if (attrs.containsKey("x") && attrs.containsKey("y")) {
        addPoint(out, label, attrs.get("x"), attrs.get("y"));
      }
      for (int i = 1; attrs.containsKey("x" + i) && attrs.containsKey("y" + i); i++) {
        addPoint(out, label, attrs.get("x" + i), attrs.get("y" + i));
      }
    }
    return out;
  }

  private static void addPoint(List<RawBox> out, String label, String xs, String ys) {
    double x = num(xs);
    double y = num(ys);
    if (!Double.isNaN(x) && !Double.isNaN(y)) {
      out.add(new RawBox(label, x, y, x, y, true, null, null));
    }
  }

  static List<RawBox> parsePlain(String text) {
    List<RawBox> out = new ArrayList<>();
    Matcher m = PLAIN.matcher(text);
    while (m.find()) {
      out.add(
          new RawBox(
              m.group(5),
              num(m.group(1)),
              num(m.group(2)),
              num(m.group(3)),
              num(m.group(4)),
              false,
              null,
              null));
    }
    return out;
  }

  private static double num(String s) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
