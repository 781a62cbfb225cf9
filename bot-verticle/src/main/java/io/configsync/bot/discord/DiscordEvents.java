package io.configsync.bot.discord;

import io.vertx.core.Context;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Discord events to the registered {@link DiscordEventListener}s on one Vert.x context.
 *
 * <p>JDA reports events on its own threads, while module state belongs to the event loop: {@code
 * deliver} may be called from any thread and returns at once; the listeners run later, in
 * registration order, on the context given at construction.
 */
public final class DiscordEvents {

  private static final Logger log = LoggerFactory.getLogger(DiscordEvents.class);

  private final Context context;
  private final List<DiscordEventListener> listeners = new CopyOnWriteArrayList<>();

  public DiscordEvents(Context context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** Adds {@code listener}; it receives the events delivered from now on. */
  public void register(DiscordEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes {@code listener}; events already scheduled may still reach it. */
  public void unregister(DiscordEventListener listener) {
    listeners.remove(listener);
  }

  /** Schedules {@code event} for every listener. */
  public void deliver(MemberJoined event) {
    deliverToEach(event.guildId(), "member joined", listener -> listener.onMemberJoined(event));
  }

  /** Schedules {@code event} for every listener. */
  public void deliver(MessagePosted event) {
    deliverToEach(event.guildId(), "message posted", listener -> listener.onMessagePosted(event));
  }

  /** Schedules {@code event} for every listener. */
  public void deliver(SlashCommandInvoked event) {
    deliverToEach(event.guildId(), "slash command", listener -> listener.onSlashCommand(event));
  }

  /** Schedules {@code event} for every listener. */
  public void deliver(GuildJoined event) {
    deliverToEach(event.guildId(), "guild joined", listener -> listener.onGuildJoined(event));
  }

  /** Schedules {@code event} for every listener. */
  public void deliver(GuildLeft event) {
    deliverToEach(event.guildId(), "guild left", listener -> listener.onGuildLeft(event));
  }

  /** Schedules {@code event} for every listener. */
  public void deliver(GuildUnavailable event) {
    deliverToEach(event.guildId(), "guild unavailable", listener -> listener.onGuildUnavailable(event));
  }

  private void deliverToEach(String guildId, String kind, Consumer<DiscordEventListener> call) {
    context.runOnContext(ignored -> {
      for (DiscordEventListener listener : listeners) {
        // One faulty module must not keep the event from the others.
        try {
          call.accept(listener);
        } catch (RuntimeException e) {
          log.error("Listener {} failed on a {} event of guild {}",
              listener.getClass().getSimpleName(), kind, guildId, e);
        }
      }
    });
  }
}
