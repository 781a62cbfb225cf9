package io.configsync.bot.discord;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the bot's slash commands with Discord once a shard of this process is ready. They are
 * global commands: one registration serves every guild and every shard, and replaces the
 * application's previous set (each bot process registers the same set, which is harmless).
 */
final class JdaSlashCommands extends ListenerAdapter {

  private static final Logger log = LoggerFactory.getLogger(JdaSlashCommands.class);

  private final List<SlashCommandDefinition> definitions;
  private final AtomicBoolean registered = new AtomicBoolean();

  JdaSlashCommands(List<SlashCommandDefinition> definitions) {
    this.definitions = List.copyOf(definitions);
  }

  @Override
  public void onReady(ReadyEvent event) {
    if (definitions.isEmpty() || !registered.compareAndSet(false, true)) {
      return;
    }
    List<String> names = definitions.stream().map(SlashCommandDefinition::name).toList();
    event.getJDA().updateCommands().addCommands(toJda(definitions)).queue(
        commands -> log.info("Registered slash commands {} with Discord", names),
        failure -> {
          // The next shard to become ready tries again.
          registered.set(false);
          log.warn("Could not register slash commands {} with Discord: {}", names, failure.getMessage());
        });
  }

  static List<SlashCommandData> toJda(List<SlashCommandDefinition> definitions) {
    return definitions.stream().map(JdaSlashCommands::command).toList();
  }

  private static SlashCommandData command(SlashCommandDefinition definition) {
    return Commands.slash(definition.name(), definition.description())
        .setContexts(InteractionContextType.GUILD)
        .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
        .addSubcommands(definition.subcommands().stream().map(JdaSlashCommands::subcommand).toList());
  }

  private static SubcommandData subcommand(SlashCommandDefinition.Subcommand subcommand) {
    return new SubcommandData(subcommand.name(), subcommand.description())
        .addOptions(subcommand.options().stream().map(JdaSlashCommands::option).toList());
  }

  private static OptionData option(SlashCommandDefinition.Option option) {
    return switch (option.kind()) {
      case TEXT -> {
        OptionData text = new OptionData(OptionType.STRING, option.name(), option.description(), true);
        yield option.maxLength() > 0 ? text.setMaxLength(option.maxLength()) : text;
      }
      case TEXT_CHANNEL -> new OptionData(OptionType.CHANNEL, option.name(), option.description(), true)
          .setChannelTypes(ChannelType.TEXT, ChannelType.NEWS);
    };
  }
}
