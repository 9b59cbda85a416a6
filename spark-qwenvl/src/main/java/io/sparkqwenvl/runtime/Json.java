package io.sparkqwenvl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One shared Jackson {@link ObjectMapper} (thread-safe once configured) and small helpers. */
public final class Json {

  /** Shared mapper; do not reconfigure. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Reads a JSON file; the error names the file. */
  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JSON " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a JSON string. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("invalid JSON: " + e.getMessage(), e);
    }
  }

  /** Serializes a value compactly. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
