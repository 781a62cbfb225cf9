package io.configsync.backend.store;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/** The rules that turn the current state and a requested change into the next state and its event. */
public final class StateTransition {

  /** What a request does to the state it meets. */
  public sealed interface Outcome {}

  /** Nothing to change (e.g. enabling an enabled module): no new version, no event. */
  public record Unchanged(ModuleState state) implements Outcome {}

  public record Changed(ModuleState state, ModuleChangeEvent event) implements Outcome {}

  public record Rejected(ChangeRejected reason) implements Outcome {}

  private StateTransition() {}

  /**
   * @param current the state now, or null if the (guild, module) was never configured
   * @param revision the revision the change gets if it changes anything
   */
  public static Outcome apply(ModuleState current, ChangeRequest request, long revision, Instant now) {
    boolean live = current != null && !current.isDeleted();
    // Versions start at 1: expecting 0 means expecting that there never was a config.
    long currentVersion = current == null ? 0 : current.version();
    if (request.expectedVersion() != null && currentVersion != request.expectedVersion()) {
      return new Rejected(new ChangeRejected(ChangeRejected.Reason.VERSION_CONFLICT,
          "version " + request.expectedVersion() + " is not the current version ("
              + (current == null ? "none" : current.version()) + ")", live ? current : null, currentVersion));
    }
    ModuleChange change = request.change();
    if (!live && !(change instanceof ModuleChange.Put)) {
      return new Rejected(new ChangeRejected(ChangeRejected.Reason.NOT_FOUND,
          "module '" + request.moduleId() + "' has no config in guild " + request.guildId(), null, currentVersion));
    }
    if (change instanceof ModuleChange.Put put) {
      boolean enabled = put.enabled() != null ? put.enabled() : !live || current.enabled();
      if (live && enabled == current.enabled() && put.config().equals(current.config())) {
        return new Unchanged(current);
      }
      return changed(current, request, enabled, put.config(), revision, now);
    }
    if (change instanceof ModuleChange.SetEnabled setEnabled) {
      if (setEnabled.enabled() == current.enabled()) {
        return new Unchanged(current);
      }
      return changed(current, request, setEnabled.enabled(), current.config(), revision, now);
    }
    return changed(current, request, false, null, revision, now);
  }

  private static Changed changed(
      ModuleState current, ChangeRequest request, boolean enabled, JsonObject config, long revision, Instant now) {
    boolean wasEnabled = current != null && current.isLiveAndEnabled();
    long version = (current == null ? 0 : current.version()) + 1;
    ModuleState next = new ModuleState(request.guildId(), request.moduleId(), enabled, config, version, revision, now);
    ModuleChangeEvent event = new ModuleChangeEvent(revision, Long.toString(request.guildId()), request.moduleId(),
        ModuleAction.between(wasEnabled, enabled), config, version, now, Objects.requireNonNull(request.origin()));
    return new Changed(next, event);
  }
}
