package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod invite links")
class InviteLinksTest {

  private final InviteLinks invites = new InviteLinks();

  @Test
  @DisplayName("match every Discord invite form")
  void inviteForms() {
    assertThat(invites.matches("join discord.gg/abc123")).isTrue();
    assertThat(invites.matches("https://discord.gg/Cats-4")).isTrue();
    assertThat(invites.matches("https://discord.com/invite/abc")).isTrue();
    assertThat(invites.matches("<https://www.discordapp.com/invite/abc>")).isTrue();
    assertThat(invites.matches("HTTPS://DISCORD.GG/ABC")).isTrue();
  }

  @Test
  @DisplayName("ignore other links and look-alike domains")
  void otherLinks() {
    assertThat(invites.matches("see https://discord.com/channels/1/2")).isFalse();
    assertThat(invites.matches("mydiscord.gg/abc")).isFalse();
    assertThat(invites.matches("discord.gg is a domain")).isFalse();
  }
}
