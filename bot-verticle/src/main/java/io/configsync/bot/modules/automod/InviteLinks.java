package io.configsync.bot.modules.automod;

import com.google.re2j.Pattern;

/** Matches a Discord server invite: discord.gg/…, discord.com/invite/…, discordapp.com/invite/…. */
final class InviteLinks implements RuleCondition {

  private static final Pattern INVITE = Pattern.compile(
      "(?i)\\b(?:discord\\.gg|discord(?:app)?\\.com/invite)/[a-z0-9-]+");

  @Override
  public boolean matches(String content) {
    return INVITE.matcher(content).find();
  }
}
