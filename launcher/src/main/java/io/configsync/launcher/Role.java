package io.configsync.launcher;

/** What one ConfigSync process runs. */
public enum Role {
  /** Backend, gateway and a bot in one JVM, with an embedded PostgreSQL unless one is given. */
  ALL(true, true, true),
  BACKEND(true, false, false),
  GATEWAY(false, true, false),
  BOT(false, false, true);

  private final boolean runsBackend;
  private final boolean runsGateway;
  private final boolean runsBot;

  Role(boolean runsBackend, boolean runsGateway, boolean runsBot) {
    this.runsBackend = runsBackend;
    this.runsGateway = runsGateway;
    this.runsBot = runsBot;
  }

  public boolean runsGateway() {
    return runsGateway;
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
