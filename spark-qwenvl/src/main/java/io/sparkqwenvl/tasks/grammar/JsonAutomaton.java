package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.tasks.grammar.GrammarNode.Kind;

/**
 * Byte-level pushdown automaton for the JSON value of one schema. A state is a long[] (so mask
 * walks copy it without allocating): s[0] = frame count n, s[1] = whitespace bytes in the current
 * gap, then per frame i a header s[2+2i] = node << 8 | phase and an argument s[3+2i]. The bottom
 * frame is the ROOT, which is complete once its child value has been popped (n == 1).
 *
 * <p>Phase 0 of every value frame is "value start" (bounded whitespace, {@code null}, or the kind's
 * first byte); phase 1 is a literal (null/true/false) with argument literal << 16 | offset; the
 * other phases are per kind (see the constants).
 */
final class JsonAutomaton {

  static final int MAX_WS = 12;

  static final int START = 0;
  static final int LIT = 1;
  // STRUCT
  static final int S_OPEN = 2; // arg field index: after '{' or ','
  static final int S_KEY = 3; // arg field << 16 | offset into the key literal
  static final int S_AFTER = 4; // arg field index whose value is done (or on top)
  // ARRAY
  static final int A_OPEN = 2;
  static final int A_AFTER = 3;
  // STRING
  static final int ST_IN = 2; // arg: 0, or the pending UTF-8 continuation (see Utf8)
  static final int ST_ESC = 3;
  static final int ST_U = 4; // arg hex digits seen
  // ENUM: arg = enum trie node
  static final int E_IN = 2;
  // numbers: INT arg magnitude; FLOAT/DECIMAL arg digit count of the current part
  static final int N_NEG = 2;
  static final int N_ZERO = 3;
  static final int N_INT = 4;
  static final int N_NINT = 5; // INT only: negative digits
  static final int N_DOT = 5; // FLOAT/DECIMAL
  static final int N_FRAC = 6;
  static final int N_E = 7;
  static final int N_ESIGN = 8;
  static final int N_EXP = 9;
  // DATE: arg = digits value << 5 | template position
  static final int D_IN = 2;

  static final byte[][] LITERALS = {
    "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    "true".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    "false".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
  };

  static final int REJECT = 0;
  static final int CONSUMED = 1;
  static final int DONE = 2; // consumed, frame complete: pop
  static final int REFEED = 3; // frame complete without consuming: pop, feed parent
  static final int PUSHED = 4; // a child frame was pushed: feed it the same byte
  static final int GAP = 5; // a whitespace byte between tokens of a container

  final GrammarNode[] nodes;
  final int capacity;

  JsonAutomaton(GrammarNode[] nodes, int maxFrames) {
    this.nodes = nodes;
    this.capacity = 2 + 2 * maxFrames;
  }

  /** The initial state: ROOT (already "after child") with the root struct's frame on top. */
  long[] initial() {
    long[] s = new long[capacity];
    s[0] = 2;
    s[2] = header(0, 1);
    s[4] = header(nodes[0].children[0], START);
    return s;
  }

  static long header(int node, int phase) {
    return ((long) node << 8) | phase;
  }

  static int length(long[] s) {
    return 2 + 2 * (int) s[0];
  }

  static boolean isComplete(long[] s) {
    return s[0] == 1;
  }

  /** Feeds one byte (0..255) to {@code s} in place; false (state then undefined) on reject. */
  boolean feed(long[] s, int b) {
    while (true) {
      int top = (int) s[0] - 1;
      int r = step(s, top, b);
      switch (r) {
        case REJECT:
          return false;
        case CONSUMED:
          s[1] = 0;
          return true;
        case DONE:
          s[1] = 0;
          s[0] = top;
          return true;
        case REFEED:
          s[0] = top;
          continue;
        case PUSHED:
          continue;
        case GAP:
          return gap(s);
        default:
          throw new IllegalStateException("bad step result " + r);
      }
    }
  }

  /** Offers byte {@code b} to the top frame; returns one of the step codes. */
  private int step(long[] s, int top, int b) {
    long hdr = s[2 + 2 * top];
    GrammarNode nd = nodes[(int) (hdr >>> 8)];
    int phase = (int) (hdr & 0xff);
    long arg = s[3 + 2 * top];
    boolean ws = b == ' ' || b == '\n' || b == '\t' || b == '\r';
    if (nd.kind == Kind.ROOT) {
      return REJECT;
    } else if (phase == START && ws) {
      return top > 1 ? GAP : REJECT; // no whitespace before the root value
    } else if (phase == START && b == 'n') {
      set(s, top, nd, LIT, 1);
      return CONSUMED;
    } else if (phase == LIT) {
      byte[] lit = LITERALS[(int) (arg >>> 16)];
      int off = (int) (arg & 0xffff);
      if (lit[off] != b) {
        return REJECT;
      }
      s[3 + 2 * top] = arg + 1;
      return off + 1 == lit.length ? DONE : CONSUMED;
    }
    return switch (nd.kind) {
      case STRUCT -> struct(s, top, nd, phase, arg, b, ws);
      case ARRAY -> array(s, top, nd, phase, b, ws);
      case STRING -> StringLexer.feed(s, top, nd, phase, arg, b);
      case ENUM -> enumValue(s, top, nd, phase, arg, b);
      case BOOL -> bool(s, top, nd, phase, b);
      case INT -> NumberLexer.integer(s, top, nd, phase, arg, b);
      case FLOAT, DECIMAL -> NumberLexer.decimal(s, top, nd, phase, arg, b);
      case DATE -> DateLexer.feed(s, top, nd, phase, arg, b);
      default -> REJECT;
    };
  }

  private static boolean gap(long[] s) {
    if (s[1] >= MAX_WS) {
      return false;
    }
    s[1]++;
    return true;
  }

  static void set(long[] s, int frame, GrammarNode nd, int phase, long arg) {
    long hdr = s[2 + 2 * frame];
    s[2 + 2 * frame] = (hdr & ~0xffL) | phase;
    s[3 + 2 * frame] = arg;
  }

  private boolean push(long[] s, int node) {
    int n = (int) s[0];
    if (2 + 2 * (n + 1) > capacity) {
      return false;
    }
    s[2 + 2 * n] = header(node, START);
    s[3 + 2 * n] = 0;
    s[0] = n + 1;
    return true;
  }

  private int struct(long[] s, int top, GrammarNode nd, int phase, long arg, int b, boolean ws) {
    int fields = nd.keys.length;
    switch (phase) {
      case START:
        if (b != '{') {
          return REJECT;
        }
        set(s, top, nd, S_OPEN, 0);
        return CONSUMED;
      case S_OPEN:
        if (ws) {
          return GAP;
        }
        if (fields == 0) {
          return b == '}' ? DONE : REJECT;
        }
        if (b != nd.keys[(int) arg][0]) {
          return REJECT;
        }
        set(s, top, nd, S_KEY, (arg << 16) | 1);
        return CONSUMED;
      case S_KEY:
        return structKey(s, top, nd, arg, b);
      case S_AFTER:
        if (ws) {
          return GAP;
        }
        if (b == ',' && arg + 1 < fields) {
          set(s, top, nd, S_OPEN, arg + 1);
          return CONSUMED;
        }
        return b == '}' && arg + 1 == fields ? DONE : REJECT;
      default:
        return REJECT;
    }
  }

  private int structKey(long[] s, int top, GrammarNode nd, long arg, int b) {
    int field = (int) (arg >>> 16);
    int off = (int) (arg & 0xffff);
    byte[] key = nd.keys[field];
    if (key[off] != (byte) b) {
      return REJECT;
    }
    if (off + 1 < key.length) {
      s[3 + 2 * top] = arg + 1;
      return CONSUMED;
    }
    set(s, top, nd, S_AFTER, field);
    s[1] = 0;
    return push(s, nd.children[field]) ? CONSUMED : REJECT;
  }

  private int array(long[] s, int top, GrammarNode nd, int phase, int b, boolean ws) {
    switch (phase) {
      case START:
        if (b != '[') {
          return REJECT;
        }
        set(s, top, nd, A_OPEN, 0);
        return CONSUMED;
      case A_OPEN:
        if (ws) {
          return GAP;
        }
        if (b == ']') {
          return DONE;
        }
        set(s, top, nd, A_AFTER, 0);
        return push(s, nd.children[0]) ? PUSHED : REJECT;
      case A_AFTER:
        if (ws) {
          return GAP;
        }
        if (b == ']') {
          return DONE;
        }
        if (b == ',') {
          s[1] = 0;
          return push(s, nd.children[0]) ? CONSUMED : REJECT;
        }
        return REJECT;
      default:
        return REJECT;
    }
  }

  private static int enumValue(long[] s, int top, GrammarNode nd, int phase, long arg, int b) {
    if (phase == START) {
      if (b != '"') {
        return REJECT;
      }
      set(s, top, nd, E_IN, 0);
      return CONSUMED;
    }
    int child = nd.enumTrie.child((int) arg, b);
    if (child < 0) {
      return REJECT;
    }
    if (nd.enumTrie.isTerminal(child)) {
      return DONE;
    }
    s[3 + 2 * top] = child;
    return CONSUMED;
  }

  private static int bool(long[] s, int top, GrammarNode nd, int phase, int b) {
    if (phase == START && (b == 't' || b == 'f')) {
      set(s, top, nd, LIT, ((long) (b == 't' ? 1 : 2) << 16) | 1);
      return CONSUMED;
    }
    return REJECT;
  }
}
