package io.configsync.bot.discord;

import io.vertx.core.Future;

/**
 * Answers the member who used a slash command. The answer is ephemeral: only that member sees it.
 * Send it once; the future completes when Discord took it, and fails (never throws) otherwise.
 */
@FunctionalInterface
public interface CommandReply {

  /** Discord refuses longer messages. */
  int MAX_LENGTH = 2000;

  /** Shows {@code content} (at most {@link #MAX_LENGTH} characters) to the member; nobody is pinged. */
  Future<Void> send(String content);
}
