package io.configsync.bot.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.BotModule;
import io.configsync.bot.discord.RecordingDiscordPort;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bundled modules")
class BundledModulesTest {

  @Test
  @DisplayName("are welcome and automod, both listening to Discord events")
  void welcomeAndAutomod() {
    List<BotModule> modules = BundledModules.create(new RecordingDiscordPort());

    assertThat(modules).extracting(BotModule::id).containsExactly("welcome", "automod");
    List<Object> listeners = List.copyOf(BundledModules.listenersAmong(modules));

    assertThat(listeners).containsExactlyElementsOf(modules);
  }
}
