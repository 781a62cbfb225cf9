package io.configsync.bot.discord;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DiscordPort} for tests: records every call, then succeeds, or fails once told to with
 * {@link #failEveryCall}. Futures complete before the call returns.
 *
 * <p>Its Discord is permissive until told otherwise: checks pass unless a channel was declared
 * missing ({@link #channelMissing}), the bot was taken out of a guild ({@link #notInGuild}) or
 * denied a permission ({@link #permissionDenied}, {@link #sendDenied}). A message sent to a missing
 * channel fails, as Discord would refuse it. Checks are recorded apart from actions, in {@link
 * #checks()}, so that {@link #calls()} shows only what reached Discord.
 */
public final class RecordingDiscordPort implements DiscordPort {

  /** A recorded call. */
  public sealed interface Call
      permits SentMessage, SentDirectMessage, DeletedMessage, TimedOut, CommandReplied {}

  public record SentMessage(String channelId, String content) implements Call {}

  public record SentDirectMessage(String userId, String content) implements Call {}

  public record DeletedMessage(String channelId, String messageId) implements Call {}

  public record TimedOut(String guildId, String userId, Duration duration, String reason)
      implements Call {}

  /** An answer to a slash command, sent through a {@link #replyTo} handle. */
  public record CommandReplied(String interactionId, String content) implements Call {}

  /** A recorded check. */
  public sealed interface Check permits CanPostCheck, PermissionsCheck {}

  public record CanPostCheck(String guildId, String channelId) implements Check {}

  public record PermissionsCheck(String guildId, Set<ModerationPermission> needed)
      implements Check {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Check> checks = new CopyOnWriteArrayList<>();
  private final Set<String> missingChannels = ConcurrentHashMap.newKeySet();
  private final Set<String> sendDeniedChannels = ConcurrentHashMap.newKeySet();
  private final Set<String> guildsLeft = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<ModerationPermission>> deniedByGuild = new ConcurrentHashMap<>();
  private volatile String failure;

  /** From now on every call is recorded and then fails with {@code reason}. */
  public RecordingDiscordPort failEveryCall(String reason) {
    failure = reason;
    return this;
  }

  /** {@code channelId} does not exist: posting checks fail, and so do messages sent there. */
  public RecordingDiscordPort channelMissing(String channelId) {
    missingChannels.add(channelId);
    return this;
  }

  /** The bot may not send messages in {@code channelId}. */
  public RecordingDiscordPort sendDenied(String channelId) {
    sendDeniedChannels.add(channelId);
    return this;
  }

  /** The bot is not a member of {@code guildId}: every check for it fails. */
  public RecordingDiscordPort notInGuild(String guildId) {
    guildsLeft.add(guildId);
    return this;
  }

  /** The bot lacks {@code permission} in {@code guildId}. */
  public RecordingDiscordPort permissionDenied(String guildId, ModerationPermission permission) {
    deniedByGuild.computeIfAbsent(guildId, guild -> ConcurrentHashMap.newKeySet()).add(permission);
    return this;
  }

  /**
   * The reply handle of a slash command use, as the JDA adapter gives one with each {@link
   * SlashCommandInvoked}: its answers are recorded as {@link CommandReplied} calls.
   */
  public CommandReply replyTo(String interactionId) {
    return content -> record(new CommandReplied(interactionId, content));
  }

  /** The answers sent so far to slash commands, oldest first. */
  public List<String> replies() {
    return calls(CommandReplied.class).stream().map(CommandReplied::content).toList();
  }

  /** Every call so far, oldest first. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls so far of one kind, oldest first. */
  public <T extends Call> List<T> calls(Class<T> kind) {
    return calls.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Every check so far, oldest first. */
  public List<Check> checks() {
    return List.copyOf(checks);
  }

  public void clear() {
    calls.clear();
    checks.clear();
  }

  @Override
  public Future<Void> sendMessage(String channelId, String content) {
    calls.add(new SentMessage(channelId, content));
    if (missingChannels.contains(channelId)) {
      return Future.failedFuture(new DiscordPortException("Unknown Channel " + channelId));
    }
    return outcome();
  }

  @Override
  public Future<Void> sendDirectMessage(String userId, String content) {
    return record(new SentDirectMessage(userId, content));
  }

  @Override
  public Future<Void> deleteMessage(String channelId, String messageId) {
    return record(new DeletedMessage(channelId, messageId));
  }

  @Override
  public Future<Void> timeoutMember(
      String guildId, String userId, Duration duration, String reason) {
    return record(new TimedOut(guildId, userId, duration, reason));
  }

  @Override
  public Future<Void> checkCanPost(String guildId, String channelId) {
    checks.add(new CanPostCheck(guildId, channelId));
    if (guildsLeft.contains(guildId)) {
      return notInGuildFailure(guildId);
    }
    if (missingChannels.contains(channelId)) {
      return Future.failedFuture(new DiscordPortException(
          "channel " + channelId + " does not exist in guild " + guildId));
    }
    if (sendDeniedChannels.contains(channelId)) {
      return Future.failedFuture(new DiscordPortException(
          "the bot lacks the Send Messages permission in #general (" + channelId + ")"));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> checkPermissions(String guildId, Set<ModerationPermission> needed) {
    checks.add(new PermissionsCheck(guildId, Set.copyOf(needed)));
    if (guildsLeft.contains(guildId)) {
      return notInGuildFailure(guildId);
    }
    EnumSet<ModerationPermission> missing = EnumSet.noneOf(ModerationPermission.class);
    missing.addAll(needed);
    missing.retainAll(deniedByGuild.getOrDefault(guildId, Set.of()));
    return missing.isEmpty()
        ? Future.succeededFuture()
        : Future.failedFuture(MissingPermissionsException.in(guildId, missing));
  }

  private static Future<Void> notInGuildFailure(String guildId) {
    return Future.failedFuture(new DiscordPortException("the bot is not in guild " + guildId));
  }

  private Future<Void> record(Call call) {
    calls.add(call);
    return outcome();
  }

  private Future<Void> outcome() {
    String reason = failure;
    return reason == null
        ? Future.succeededFuture()
        : Future.failedFuture(new DiscordPortException(reason));
  }
}
