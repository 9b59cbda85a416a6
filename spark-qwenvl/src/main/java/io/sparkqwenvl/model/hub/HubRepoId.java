package io.sparkqwenvl.model.hub;

import java.util.regex.Pattern;

/**
 * A Hugging Face model id with an optional revision: {@code org/name} or {@code org/name@rev}.
 *
 * @param repo {@code org/name}
 * @param revision branch, tag or commit; "main" when not given
 */
public record HubRepoId(String repo, String revision) {

  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9._-]+");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]+");

  public HubRepoId {
    if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
      throw new IllegalArgumentException(
          "not a Hugging Face model id: '"
              + repo
              + "' (expected org/name, e.g. Qwen/Qwen2.5-VL-3B-Instruct)");
    }
    if (revision == null || !REVISION.matcher(revision).matches() || revision.contains("..")) {
      throw new IllegalArgumentException("bad revision '" + revision + "' for " + repo);
    }
  }

  /** Parses {@code org/name[@revision]}. */
  public static HubRepoId parse(String id) {
    if (id == null) {
      throw new IllegalArgumentException("model id is null");
    }
    String s = id.trim();
    int at = s.indexOf('@');
    return at < 0
        ? new HubRepoId(s, "main")
        : new HubRepoId(s.substring(0, at), s.substring(at + 1));
  }

  /** True when {@code id} has the shape of a hub id (does not check that it exists). */
  public static boolean looksLikeHubId(String id) {
    try {
      parse(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Cache folder name of the repo: {@code org--name}. */
  public String folderName() {
    return repo.replace("/", "--");
  }

  /** Cache folder name of the revision ({@code refs/pr/1} becomes {@code refs--pr--1}). */
  public String revisionFolderName() {
    return revision.replace("/", "--");
  }

  @Override
  public String toString() {
    return repo + "@" + revision;
  }
}
