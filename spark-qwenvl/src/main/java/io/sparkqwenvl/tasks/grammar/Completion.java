package io.sparkqwenvl.tasks.grammar;

import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.LIT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.START;

import io.sparkqwenvl.tasks.grammar.GrammarNode.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The shortest way to close a state: the bytes that turn the text so far into a complete value
 * (open strings closed, remaining fields as {@code null}, brackets closed). Chosen
 * deterministically per frame so that after consuming any prefix of a completion the new state's
 * completion is the rest: the budget logic relies on that.
 */
final class Completion {

  private static final byte[] NULL = JsonAutomaton.LITERALS[0];

  private Completion() {}

  static byte[] of(GrammarNode[] nodes, long[] s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    int n = (int) s[0];
    for (int f = n - 1; f >= 0; f--) {
      long hdr = s[2 + 2 * f];
      GrammarNode nd = nodes[(int) (hdr >>> 8)];
      frame(out, nd, (int) (hdr & 0xff), s[3 + 2 * f]);
    }
    return out.toByteArray();
  }

  private static void frame(ByteArrayOutputStream out, GrammarNode nd, int phase, long arg) {
    if (nd.kind == Kind.ROOT) {
      return;
    }
    if (phase == START) {
      out.writeBytes(start(nd));
      return;
    }
    if (phase == LIT) {
      byte[] lit = JsonAutomaton.LITERALS[(int) (arg >>> 16)];
      int off = (int) (arg & 0xffff);
      out.write(lit, off, lit.length - off);
      return;
    }
    switch (nd.kind) {
      case STRUCT -> struct(out, nd, phase, arg);
      case ARRAY -> out.write(']');
      case STRING -> {
        if (phase == JsonAutomaton.ST_IN && arg != 0) {
          out.writeBytes(Utf8.completion(arg)); // finish the pending character first
        }
        out.writeBytes(
            ascii(
                phase == JsonAutomaton.ST_U
                    ? "0".repeat((int) (4 - arg)) + "\""
                    : phase == JsonAutomaton.ST_ESC ? "\"\"" : "\""));
      }
      case ENUM -> out.writeBytes(nd.enumTrie.completion((int) arg));
      case INT, FLOAT, DECIMAL -> out.writeBytes(ascii(NumberLexer.completion(nd, phase)));
      case DATE -> out.writeBytes(ascii(DateLexer.completion(nd, arg)));
      default -> throw new IllegalStateException("no completion for " + nd.kind);
    }
  }

  private static void struct(ByteArrayOutputStream out, GrammarNode nd, int phase, long arg) {
    int fields = nd.keys.length;
    int field;
    if (phase == JsonAutomaton.S_AFTER) {
      field = (int) arg;
    } else {
      if (fields == 0) {
        out.write('}');
        return;
      }
      field = phase == JsonAutomaton.S_KEY ? (int) (arg >>> 16) : (int) arg;
      int off = phase == JsonAutomaton.S_KEY ? (int) (arg & 0xffff) : 0;
      byte[] key = nd.keys[field];
      out.write(key, off, key.length - off);
      out.writeBytes(NULL);
    }
    for (int j = field + 1; j < fields; j++) {
      out.write(',');
      out.writeBytes(nd.keys[j]);
      out.writeBytes(NULL);
    }
    out.write('}');
  }

  /** Shortest complete value for a frame at value start. */
  static byte[] start(GrammarNode nd) {
    switch (nd.kind) {
      case STRUCT:
        return nd.keys.length == 0 ? ascii("{}") : NULL;
      case ARRAY:
        return ascii("[]");
      case STRING:
        return ascii("\"\"");
      case ENUM:
        {
          byte[] rest = nd.enumTrie.completion(0);
          if (rest.length + 1 < NULL.length) {
            byte[] v = new byte[rest.length + 1];
            v[0] = '"';
            System.arraycopy(rest, 0, v, 1, rest.length);
            return v;
          }
          return NULL;
        }
      case INT:
      case FLOAT:
      case DECIMAL:
        return ascii("0");
      default:
        return NULL;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
