package io.configsync.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.commands.ConfigProposer;
import io.configsync.bot.commands.SlashCommands;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("JDA slash command registration")
class JdaSlashCommandsTest {

  @Test
  @DisplayName("registers the bot's commands for guilds, shown to members with Manage Server")
  void translatesTheBotsCommands(Vertx vertx) {
    SlashCommands commands = new SlashCommands(new ConfigProposer(vertx, "bot", ShardSpec.ALL),
        (guildId, moduleId) -> Optional.empty());

    // JDA checks Discord's rules for names, descriptions and options while building.
    List<SlashCommandData> data = JdaSlashCommands.toJda(commands.definitions());

    assertThat(data).extracting(SlashCommandData::getName).containsExactly("welcome", "automod");
    assertThat(data).allSatisfy(command -> {
      assertThat(command.getContexts()).containsExactly(InteractionContextType.GUILD);
      assertThat(command.getDefaultPermissions())
          .isEqualTo(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
    });
    OptionData channel = data.get(0).getSubcommands().get(0).getOptions().get(0);
    assertThat(channel.getType()).isEqualTo(OptionType.CHANNEL);
    assertThat(channel.isRequired()).isTrue();
    assertThat(channel.getChannelTypes()).containsExactlyInAnyOrder(ChannelType.TEXT, ChannelType.NEWS);
    OptionData text = data.get(0).getSubcommands().get(1).getOptions().get(0);
    assertThat(text.getType()).isEqualTo(OptionType.STRING);
    assertThat(text.getMaxLength()).isEqualTo(2000);
    assertThat(data.get(1).getSubcommands()).extracting(sub -> sub.getName()).containsExactly("add-word", "list");
  }
}
