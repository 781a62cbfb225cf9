package io.configsync.backend.modules;

import io.configsync.codecs.ModuleLimits;
import io.configsync.codecs.Snowflakes;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Welcome rules beyond the schema, the ones the bot applies too ({@link Welcome}, {@link ModuleLimits},
 * {@link Snowflakes}): the message counted in UTF-16 units as Discord counts it (the schema's
 * {@code maxLength} counts code points), and the channel id a snowflake of at most 2^63-1.
 */
final class WelcomeCheck implements ConfigCheck {

  @Override
  public List<Violation> check(JsonObject config) {
    List<Violation> violations = new ArrayList<>();
    if (config.getValue("message") instanceof String message
        && ModuleLimits.textLength(message) > Welcome.MESSAGE_MAX_LENGTH) {
      violations.add(new Violation("/message", "the message is " + ModuleLimits.textLength(message)
          + " UTF-16 units long (an emoji counts two, as Discord counts); at most "
          + Welcome.MESSAGE_MAX_LENGTH + " are allowed"));
    }
    if (config.getValue("channelId") instanceof String channelId && !Snowflakes.isValid(channelId)) {
      violations.add(new Violation("/channelId", "the channel id must be " + Snowflakes.RULE));
    }
    return violations;
  }
}
