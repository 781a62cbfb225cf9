package io.configsync.bot.commands;

/** How the backend answered a proposal. */
public sealed interface ProposalResult {

  /** The change is stored as {@code state}; every bot receives it as a normal event. */
  record Applied(ConfigState state) implements ProposalResult {}

  /**
   * The base version was not the current one; nothing changed.
   *
   * @param current the state now, or null when the backend did not say (e.g. it was deleted)
   */
  record Conflict(ConfigState current, String message) implements ProposalResult {}

  /** The backend refused the change (a {@code FailureCodes} code); nothing changed. */
  record Refused(int code, String message) implements ProposalResult {}

  /**
   * The backend could not be asked, or its answer was lost or unreadable.
   *
   * @param mayHaveApplied whether the change may still have been stored (a timeout, an unreadable
   *     answer), so the admin should look before trying again
   */
  record Unavailable(String message, boolean mayHaveApplied) implements ProposalResult {}
}
