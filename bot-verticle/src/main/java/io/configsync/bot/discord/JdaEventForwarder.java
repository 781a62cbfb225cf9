package io.configsync.bot.discord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildUnavailableEvent;
import net.dv8tion.jda.api.events.guild.member.GuildMemberJoinEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the JDA events modules and slash commands care about into port events for {@link DiscordEvents}.
 * Guild lifecycle: {@code GuildJoinEvent} (a GUILD_CREATE for a new guild), {@code GuildLeaveEvent} and
 * {@code GuildUnavailableEvent} are forwarded; {@code GuildReadyEvent} (guilds the bot is in at login) is
 * not, as their configs are already loaded.
 */
public final class JdaEventForwarder extends ListenerAdapter {

  private static final Logger log = LoggerFactory.getLogger(JdaEventForwarder.class);

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
  public void onGuildJoin(GuildJoinEvent event) {
    events.deliver(new GuildJoined(event.getGuild().getId()));
  }

  @Override
  public void onGuildLeave(GuildLeaveEvent event) {
    events.deliver(new GuildLeft(event.getGuild().getId()));
  }

  @Override
  public void onGuildUnavailable(GuildUnavailableEvent event) {
    events.deliver(new GuildUnavailable(event.getGuild().getId()));
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

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    if (!event.isFromGuild()) {
      event.reply("ConfigSync commands work in a server only.").setEphemeral(true).queue(
          ok -> {}, failure -> log.warn("Could not answer interaction {}: {}", event.getId(), failure.getMessage()));
      return;
    }
    Member member = event.getMember();
    Map<String, String> options = new LinkedHashMap<>();
    for (OptionMapping option : event.getOptions()) {
      options.put(option.getName(), option.getAsString());
    }
    events.deliver(new SlashCommandInvoked(
        event.getId(),
        event.getGuild().getId(),
        event.getUser().getId(),
        event.getUser().getName(),
        event.getName(),
        event.getSubcommandName(),
        options,
        member != null && member.hasPermission(Permission.MANAGE_SERVER),
        JdaCommandReply.deferring(event)));
  }
}
