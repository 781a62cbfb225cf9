package io.configsync.bot.commands;

import io.configsync.bot.discord.CommandReply;
import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.SlashCommandDefinition;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.configsync.bot.sync.HeldConfigs;
import io.configsync.codecs.modules.Automod;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's slash commands, registered here and nowhere else: {@code /welcome channel|message|on|off}
 * and {@code /automod add-word|list}. Every one needs the Manage Server permission; each use gets
 * exactly one ephemeral answer. Commands that change a config propose it to the backend with the
 * version they started from, so a concurrent change is reported, never overwritten.
 *
 * <p>Register it with {@code DiscordEvents}: it runs on the bot verticle's context, where the held
 * configs may be read.
 */
public final class SlashCommands implements DiscordEventListener {

  private static final Logger log = LoggerFactory.getLogger(SlashCommands.class);

  private record Group(String name, String description, List<SlashCommand> commands) {}

  private final List<Group> groups;

  /**
   * @param proposer proposes changes as this bot
   * @param held what this bot holds, the configs commands start from
   */
  public SlashCommands(ConfigProposer proposer, HeldConfigs held) {
    ConfigEdits edits = new ConfigEdits(new CurrentConfigs(held), Objects.requireNonNull(proposer, "proposer"));
    groups = List.of(
        new Group(Welcome.ID, "Welcome new members", List.of(
            new WelcomeChannelCommand(edits),
            new WelcomeMessageCommand(edits),
            WelcomeSwitchCommand.on(edits),
            WelcomeSwitchCommand.off(edits))),
        new Group(Automod.ID, "Automatic moderation rules", List.of(
            new AutomodAddWordCommand(edits),
            new AutomodListCommand(edits))));
  }

  /** What to register with Discord. */
  public List<SlashCommandDefinition> definitions() {
    return groups.stream()
        .map(group -> new SlashCommandDefinition(group.name(), group.description(),
            group.commands().stream().map(SlashCommand::definition).toList()))
        .toList();
  }

  @Override
  public void onSlashCommand(SlashCommandInvoked invocation) {
    handle(invocation);
  }

  /**
   * Runs the command and answers the member; completes once the answer is sent, and fails only when
   * it could not be (which is logged).
   */
  public Future<Void> handle(SlashCommandInvoked invocation) {
    String name = invocation.fullName();
    log.info("User {} used {} in guild {} (interaction {})", invocation.userId(), name, invocation.guildId(),
        invocation.interactionId());
    return answer(invocation)
        .compose(text -> invocation.reply().send(Texts.fitReply(text, CommandReply.MAX_LENGTH)))
        .onFailure(e -> log.warn("Could not answer {} of user {} in guild {}: {}", name, invocation.userId(),
            invocation.guildId(), e.getMessage()));
  }

  private Future<String> answer(SlashCommandInvoked invocation) {
    Optional<SlashCommand> command = find(invocation);
    if (command.isEmpty()) {
      return Future.succeededFuture("This bot does not know " + invocation.fullName() + ".");
    }
    if (!invocation.canManageServer()) {
      log.info("Refused {} to user {} in guild {}: no Manage Server permission", invocation.fullName(),
          invocation.userId(), invocation.guildId());
      return Future.succeededFuture("You need the Manage Server permission to use " + invocation.fullName() + ".");
    }
    Future<String> answer;
    try {
      answer = command.get().run(invocation);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.recover(e -> {
      log.error("{} failed for guild {}", invocation.fullName(), invocation.guildId(), e);
      return Future.succeededFuture("Something went wrong running " + invocation.fullName() + ": " + e.getMessage());
    });
  }

  private Optional<SlashCommand> find(SlashCommandInvoked invocation) {
    return groups.stream()
        .filter(group -> group.name().equals(invocation.command()))
        .flatMap(group -> group.commands().stream())
        .filter(command -> command.definition().name().equals(invocation.subcommand()))
        .findFirst();
  }
}
