package io.configsync.launcher;

/** What one ConfigSync process runs. */
public enum Role {
  /** Backend and a bot in one JVM, with an embedded PostgreSQL unless one is given. */
  ALL(true, true),
  BACKEND(true, false),
  BOT(false, true);

  private final boolean runsBackend;
  private final boolean runsBot;

  Role(boolean runsBackend, boolean runsBot) {
    this.runsBackend = runsBackend;
    this.runsBot = runsBot;
  }

  public boolean runsBackend() {
    return runsBackend;
  }

  public boolean runsBot() {
    return runsBot;
  }

  /** Single roles are meant to be joined with others; {@code all} stands alone. */
  public boolean clusteredByDefault() {
    return this != ALL;
  }

  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
