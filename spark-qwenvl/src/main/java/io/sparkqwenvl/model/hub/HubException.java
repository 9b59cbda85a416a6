package io.sparkqwenvl.model.hub;

import java.io.IOException;

/** A model could not be resolved or downloaded; the message names the repo, file and reason. */
public final class HubException extends IOException {

  public HubException(String message) {
    super(message);
  }

  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
