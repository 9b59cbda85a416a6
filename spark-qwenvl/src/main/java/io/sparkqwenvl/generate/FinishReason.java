package io.sparkqwenvl.generate;

/** Why a sequence stopped generating. */
public enum FinishReason {
  /** A stop token (151645 or 151643) was produced. */
  STOP,
  /** maxNewTokens was reached. */
  LENGTH,
  /** A token constraint (e.g. a JSON grammar) reached a complete value. */
  CONSTRAINT_COMPLETE,
  /** A repetition loop was detected and generation was cut. */
  REPETITION,
  /** The request failed; see the error. */
  ERROR
}
