package io.sparkqwenvl.tasks.grammar;

import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.CONSUMED;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.DONE;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.D_IN;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.REJECT;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.START;
import static io.sparkqwenvl.tasks.grammar.JsonAutomaton.set;

/**
 * DATE ("YYYY-MM-DD") and TIMESTAMP ("YYYY-MM-DDTHH:MM:SSZ") strings: the template position and the
 * digits so far (as a decimal number) are the frame argument, {@code digits << 5 | pos}, so each
 * digit is checked against the calendar (month 01-12, day valid for the month and leap year, hour
 * 00-23, minute and second 00-59).
 */
final class DateLexer {

  private DateLexer() {}

  static int feed(long[] s, int top, GrammarNode nd, int phase, long arg, int b) {
    if (phase == START) {
      if (b != '"') {
        return REJECT;
      }
      set(s, top, nd, D_IN, 0);
      return CONSUMED;
    }
    int pos = (int) (arg & 31);
    long digits = arg >>> 5;
    byte t = nd.template[pos];
    if (t == 'D') {
      int d = b - '0';
      if (d < 0 || d > 9 || d < minDigit(pos, digits) || d > maxDigit(pos, digits)) {
        return REJECT;
      }
      s[3 + 2 * top] = (canonical(pos, digits * 10 + d) << 5) | (pos + 1);
      return CONSUMED;
    }
    if (b != t) {
      return REJECT;
    }
    if (pos + 1 == nd.template.length) {
      return DONE;
    }
    s[3 + 2 * top] = (digits << 5) | (pos + 1);
    return CONSUMED;
  }

  /**
   * Keeps only what later checks need, so equivalent prefixes share one state (and one cached
   * mask): the year as year mod 400 while typed and then as 0 (leap) or 1 (not), nothing once the
   * day is complete, and only the last digit of the time.
   */
  private static long canonical(int pos, long digits) {
    if (pos < 3) {
      return digits % 400;
    }
    if (pos == 3) {
      long y = digits % 400;
      return (y % 4 == 0 && y % 100 != 0) || y == 0 ? 0 : 1;
    }
    if (pos == 9) {
      return 0;
    }
    return pos >= 11 ? digits % 10 : digits;
  }

  /** Shortest completion from template position {@code pos}: smallest valid digit each time. */
  static String completion(GrammarNode nd, long arg) {
    int pos = (int) (arg & 31);
    long digits = arg >>> 5;
    StringBuilder sb = new StringBuilder();
    for (int p = pos; p < nd.template.length; p++) {
      byte t = nd.template[p];
      if (t == 'D') {
        int d = minDigit(p, digits);
        sb.append((char) ('0' + d));
        digits = digits * 10 + d;
      } else {
        sb.append((char) t);
      }
    }
    return sb.toString();
  }

  private static int minDigit(int pos, long digits) {
    if (pos == 6 && digits % 10 == 0) {
      return 1; // month 01..09
    }
    if (pos == 9 && digits % 10 == 0) {
      return 1; // day 01..09
    }
    return 0;
  }

  private static int maxDigit(int pos, long digits) {
    switch (pos) {
      case 5:
        return 1;
      case 6:
        return digits % 10 == 0 ? 9 : 2;
      case 8:
        return digits % 100 == 2 ? 2 : 3;
      case 9:
        {
          int d1 = (int) (digits % 10);
          int month = (int) (digits / 10 % 100);
          long year = digits / 1000;
          int days = daysInMonth(month, year);
          return Math.min(9, days - d1 * 10);
        }
      case 11:
        return 2;
      case 12:
        return digits % 10 == 2 ? 3 : 9;
      case 14:
      case 17:
        return 5;
      default:
        return 9;
    }
  }

  private static int daysInMonth(int month, long year) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }
}
