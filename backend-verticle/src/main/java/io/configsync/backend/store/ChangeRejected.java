package io.configsync.backend.store;

/** A write that cannot apply to the current state; nothing was stored. */
public final class ChangeRejected extends RuntimeException {

  /** Why a write was refused. */
  public enum Reason { NOT_FOUND, VERSION_CONFLICT }

  private final Reason reason;
  private final transient ModuleState current;

  public ChangeRejected(Reason reason, String message, ModuleState current) {
    super(message, null, false, false);
    this.reason = reason;
    this.current = current;
  }

  public Reason reason() {
    return reason;
  }

  /** The state the write met, or null if there is none. */
  public ModuleState current() {
    return current;
  }
}
