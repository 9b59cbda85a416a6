package io.sparkqwenvl.prompt;

/**
 * The vocabulary as raw bytes per token id, for constrained decoding (which must reason about the
 * exact bytes each token appends). Implemented by the Qwen tokenizer.
 */
public interface TokenVocabulary {

  /** Number of ids the model may emit (embedding rows; ids without a token decode to nothing). */
  int size();

  /** UTF-8 bytes that the token appends to the text; empty for special or unused ids. */
  byte[] tokenBytes(int id);

  /** True for added special tokens such as {@code <|im_end|>}. */
  boolean isSpecial(int id);
}
