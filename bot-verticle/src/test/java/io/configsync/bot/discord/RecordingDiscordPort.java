package io.configsync.bot.discord;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DiscordPort} for tests: records every call, then succeeds, or fails once told to with
 * {@link #failEveryCall}. Futures complete before the call returns.
 */
public final class RecordingDiscordPort implements DiscordPort {

  /** A recorded call. */
  public sealed interface Call permits SentMessage, SentDirectMessage, DeletedMessage, TimedOut {}

  public record SentMessage(String channelId, String content) implements Call {}

  public record SentDirectMessage(String userId, String content) implements Call {}

  public record DeletedMessage(String channelId, String messageId) implements Call {}

  public record TimedOut(String guildId, String userId, Duration duration, String reason)
      implements Call {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile String failure;

  /** From now on every call is recorded and then fails with {@code reason}. */
  public RecordingDiscordPort failEveryCall(String reason) {
    failure = reason;
    return this;
  }

  /** Every call so far, oldest first. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls so far of one kind, oldest first. */
  public <T extends Call> List<T> calls(Class<T> kind) {
    return calls.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  public void clear() {
    calls.clear();
  }

  @Override
  public Future<Void> sendMessage(String channelId, String content) {
    return record(new SentMessage(channelId, content));
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

  private Future<Void> record(Call call) {
    calls.add(call);
    String reason = failure;
    return reason == null
        ? Future.succeededFuture()
        : Future.failedFuture(new DiscordPortException(reason));
  }
}
