package io.configsync.bot.discord;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;

/**
 * {@link CommandReply} on JDA: the interaction is deferred at once (Discord waits 3 seconds only,
 * a proposal takes a round trip to the backend), and the reply replaces the "thinking" message.
 */
final class JdaCommandReply implements CommandReply {

  // Rule words or messages may contain "@everyone"; the admin alone sees the reply, but never ping.
  private static final EnumSet<MentionType> NO_MENTIONS = EnumSet.noneOf(MentionType.class);

  private final String interactionId;
  private final CompletableFuture<InteractionHook> deferred;

  private JdaCommandReply(String interactionId, CompletableFuture<InteractionHook> deferred) {
    this.interactionId = interactionId;
    this.deferred = deferred;
  }

  /** Defers {@code event} ephemerally, now; the reply is sent once Discord took the deferral. */
  static JdaCommandReply deferring(SlashCommandInteractionEvent event) {
    return new JdaCommandReply(event.getId(), event.deferReply(true).submit());
  }

  @Override
  public Future<Void> send(String content) {
    Context caller = Vertx.currentContext();
    Promise<Void> promise = Promise.promise();
    // The edit must not overtake the deferral: they go to Discord on different routes.
    deferred
        .thenCompose(hook -> hook.editOriginal(fit(content)).setAllowedMentions(NO_MENTIONS).submit())
        .whenComplete((message, failure) -> JdaDiscordPort.completeOn(caller, () -> {
          if (failure == null) {
            promise.complete();
          } else {
            promise.fail(new DiscordPortException(
                "Could not reply to interaction " + interactionId + ": " + failure.getMessage(), failure));
          }
        }));
    return promise.future();
  }

  private static String fit(String content) {
    return content.length() <= MAX_LENGTH ? content : content.substring(0, MAX_LENGTH - 1) + "…";
  }
}
