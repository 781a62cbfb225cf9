package io.configsync.backend.store;

/** A write that cannot apply to the current state; nothing was stored. */
public final class ChangeRejected extends RuntimeException {

  /** Why a write was refused. */
  public enum Reason { NOT_FOUND, VERSION_CONFLICT }

  private final Reason reason;
  private final transient ModuleState current;
  private final long currentVersion;

  public ChangeRejected(Reason reason, String message, ModuleState current, long currentVersion) {
    super(message, null, false, false);
    this.reason = reason;
    this.current = current;
    this.currentVersion = currentVersion;
  }

  public Reason reason() {
    return reason;
  }

  /** The state the write met, or null if there is none. */
  public ModuleState current() {
    return current;
  }

  /** The version the write met: also that of a deleted config; 0 if never configured. */
  public long currentVersion() {
    return currentVersion;
  }
}
