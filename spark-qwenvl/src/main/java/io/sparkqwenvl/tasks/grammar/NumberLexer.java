package io.sparkqwenvl.tasks.grammar;

import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.CONSUMED;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_DOT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_E;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_ESIGN;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_EXP;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_FRAC;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_INT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_NEG;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_NINT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.N_ZERO;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.REFEED;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.REJECT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.START;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.set;

import io.sparkqwenvl.tasks.grammar.GrammarNode.Kind;

/**
 * Number frames of the automaton. INT/BIGINT: {@code -?(0|[1-9][0-9]*)} within the type's range
 * (the argument is the magnitude so far). FLOAT/DOUBLE: JSON numbers with bounded digit counts (so
 * the value stays finite). DECIMAL(p,s): {@code -?(0|[1-9][0-9]{0,p-s-1})(\.[0-9]{1,s})?}. A
 * complete number ends on the first byte it cannot take, which is handed to the parent.
 */
final class NumberLexer {

  private NumberLexer() {}

  static int integer(long[] s, int top, GrammarNode nd, int phase, long arg, int b) {
    boolean digit = b >= '0' && b <= '9';
    int d = b - '0';
    switch (phase) {
      case START:
        if (b == '-') {
          set(s, top, nd, N_NEG, 0);
          return CONSUMED;
        }
        // fall through: a first digit behaves as after a sign, but positive
        return firstDigit(s, top, nd, digit, d, N_INT);
      case N_NEG:
        return firstDigit(s, top, nd, digit, d, N_NINT);
      case N_ZERO:
        return digit ? REJECT : REFEED;
      case N_INT:
      case N_NINT:
        return digit
            ? nextDigit(s, top, phase == N_INT ? nd.posLimit : nd.negLimit, arg, b)
            : REFEED;
      default:
        return REJECT;
    }
  }

  private static int firstDigit(long[] s, int top, GrammarNode nd, boolean digit, int d, int ph) {
    if (!digit) {
      return REJECT;
    }
    if (d == 0) {
      set(s, top, nd, N_ZERO, 0);
      return CONSUMED;
    }
    byte[] limit = ph == N_INT ? nd.posLimit : nd.negLimit;
    set(s, top, nd, ph, (1L << 2) | Integer.signum(d + '0' - limit[0]) + 1);
    return CONSUMED;
  }

  /**
   * One more digit of an integer, checked against the type's limit without the value: the argument
   * is {@code digits << 2 | cmp}, cmp comparing the digits so far with the limit's prefix of the
   * same length (0 less, 1 equal, 2 greater). Few distinct states, so masks are shared.
   */
  private static int nextDigit(long[] s, int top, byte[] limit, long arg, int b) {
    int k = (int) (arg >>> 2);
    int cmp = (int) (arg & 3);
    if (k >= limit.length) {
      return REJECT;
    }
    int ncmp = cmp == 1 ? Integer.signum(b - limit[k]) + 1 : cmp;
    if (k + 1 == limit.length && ncmp == 2) {
      return REJECT;
    }
    s[3 + 2 * top] = ((long) (k + 1) << 2) | ncmp;
    return CONSUMED;
  }

  static int decimal(long[] s, int top, GrammarNode nd, int phase, long arg, int b) {
    boolean digit = b >= '0' && b <= '9';
    boolean exp = nd.kind == Kind.FLOAT && (b == 'e' || b == 'E');
    switch (phase) {
      case START:
      case N_NEG:
        return signOrFirstDigit(s, top, nd, phase, b, digit);
      case N_ZERO:
      case N_INT:
        if (digit) {
          return phase == N_ZERO ? REJECT : count(s, top, arg, nd.intDigits);
        }
        return afterDigits(s, top, nd, b == '.' && nd.fracDigits > 0, exp);
      case N_DOT:
        if (!digit) {
          return REJECT;
        }
        set(s, top, nd, N_FRAC, 1);
        return CONSUMED;
      case N_FRAC:
        return digit ? count(s, top, arg, nd.fracDigits) : afterDigits(s, top, nd, false, exp);
      case N_E:
        if (b == '+' || b == '-') {
          set(s, top, nd, N_ESIGN, 0);
          return CONSUMED;
        }
        return expDigit(s, top, nd, digit);
      case N_ESIGN:
        return expDigit(s, top, nd, digit);
      case N_EXP:
        return digit ? count(s, top, arg, nd.expDigits) : REFEED;
      default:
        return REJECT;
    }
  }

  private static int signOrFirstDigit(
      long[] s, int top, GrammarNode nd, int phase, int b, boolean digit) {
    if (phase == START && b == '-') {
      set(s, top, nd, N_NEG, 0);
      return CONSUMED;
    }
    if (!digit || (b != '0' && nd.intDigits == 0)) {
      return REJECT;
    }
    set(s, top, nd, b == '0' ? N_ZERO : N_INT, 1);
    return CONSUMED;
  }

  /** One more digit of a part whose digit count is {@code arg}, at most {@code max}. */
  private static int count(long[] s, int top, long arg, int max) {
    if (arg >= max) {
      return REJECT;
    }
    s[3 + 2 * top] = arg + 1;
    return CONSUMED;
  }

  private static int afterDigits(long[] s, int top, GrammarNode nd, boolean dot, boolean exp) {
    if (dot) {
      set(s, top, nd, N_DOT, 0);
      return CONSUMED;
    }
    if (exp) {
      set(s, top, nd, N_E, 0);
      return CONSUMED;
    }
    return REFEED;
  }

  private static int expDigit(long[] s, int top, GrammarNode nd, boolean digit) {
    if (!digit) {
      return REJECT;
    }
    set(s, top, nd, N_EXP, 1);
    return CONSUMED;
  }

  /** Shortest bytes that complete the number frame (before its parent's completion). */
  static String completion(GrammarNode nd, int phase) {
    if (nd.kind == Kind.INT) {
      return phase == N_NEG ? "0" : "";
    }
    return phase == N_NEG || phase == N_DOT || phase == N_E || phase == N_ESIGN ? "0" : "";
  }
}
