package io.configsync.bot.discord;

import java.util.Objects;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/** Turns the JDA events modules care about into port events for {@link DiscordEvents}. */
public final class JdaEventForwarder extends ListenerAdapter {

  private final DiscordEvents events;

  public JdaEventForwarder(DiscordEvents events) {
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void onGuildMemberJoin(GuildMemberJoinEvent event) {
    Guild guild = event.getGuild();
    User user = event.getUser();
    events.deliver(new MemberJoined(
        guild.getId(),
        guild.getName(),
        guild.getMemberCount(),
        user.getId(),
        user.getEffectiveName(),
        user.getAsMention()));
  }

  @Override
  public void onMessageReceived(MessageReceivedEvent event) {
    if (!event.isFromGuild()) {
      return;
    }
    User author = event.getAuthor();
    events.deliver(new MessagePosted(
        event.getGuild().getId(),
        event.getChannel().getId(),
        event.getMessageId(),
        author.getId(),
        author.getAsMention(),
        event.getMessage().getContentRaw(),
        author.isBot() || event.isWebhookMessage()));
  }
}
