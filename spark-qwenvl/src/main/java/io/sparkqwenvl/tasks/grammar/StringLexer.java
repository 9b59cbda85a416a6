package io.sparkqwenvl.tasks.grammar;

import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.CONSUMED;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.DONE;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.REJECT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.START;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.ST_ESC;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.ST_IN;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.ST_U;

/**
 * JSON string values, byte by byte: escapes (backslash-u included), no raw control characters, and
 * well-formed UTF-8 ({@link Utf8}; the ST_IN argument holds a pending character).
 */
final class StringLexer {

  private StringLexer() {}

  /** Feeds byte {@code b} to a STRING frame; returns one of JsonAutomaton's step codes. */
  static int feed(long[] s, int top, GrammarNode nd, int phase, long arg, int b) {
    switch (phase) {
      case START:
        if (b != '"') {
          return REJECT;
        }
        JsonAutomaton.set(s, top, nd, ST_IN, 0);
        return CONSUMED;
      case ST_IN:
        if (arg != 0) {
          return continuation(s, top, nd, arg, b);
        }
        if (b == '"') {
          return DONE;
        }
        if (b == '\\') {
          JsonAutomaton.set(s, top, nd, ST_ESC, 0);
          return CONSUMED;
        }
        if (b < 0x80) {
          return b < 0x20 ? REJECT : CONSUMED;
        }
        long lead = Utf8.lead(b);
        if (lead == 0) {
          return REJECT;
        }
        JsonAutomaton.set(s, top, nd, ST_IN, lead);
        return CONSUMED;
      case ST_ESC:
        if (b == 'u') {
          JsonAutomaton.set(s, top, nd, ST_U, 0);
          return CONSUMED;
        }
        if ("\"\\/bfnrt".indexOf(b) < 0) {
          return REJECT;
        }
        JsonAutomaton.set(s, top, nd, ST_IN, 0);
        return CONSUMED;
      case ST_U:
        if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'))) {
          return REJECT;
        }
        JsonAutomaton.set(s, top, nd, arg == 3 ? ST_IN : ST_U, arg == 3 ? 0 : arg + 1);
        return CONSUMED;
      default:
        return REJECT;
    }
  }

  /** Inside a multi-byte UTF-8 character: {@code b} must be the continuation byte expected. */
  private static int continuation(long[] s, int top, GrammarNode nd, long arg, int b) {
    if (!Utf8.accepts(arg, b)) {
      return REJECT;
    }
    JsonAutomaton.set(s, top, nd, ST_IN, Utf8.next(arg));
    return CONSUMED;
  }
}
