package io.configsync.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.SelfMember;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JDA port's checks against a fake JDA cache: one connected shard with the guild "Cats", whose
 * channels and the bot's permissions each test sets up.
 */
@DisplayName("JDA port checks")
class JdaDiscordPortTest {

  private static final String GUILD = "111111111111111111";
  private static final String OTHER_GUILD = "999999999999999999";
  private static final String CHANNEL = "333333333333333333";
  private static final String VOICE = "444444444444444444";

  private JDA.Status shardStatus = JDA.Status.CONNECTED;
  private final Set<Permission> guildPermissions = EnumSet.noneOf(Permission.class);
  private final Set<Permission> channelPermissions = EnumSet.noneOf(Permission.class);

  private final JdaDiscordPort port = new JdaDiscordPort(shardManager());

  @Test
  @DisplayName("can post where the channel is a text channel the bot may view and send in")
  void canPost() {
    channelPermissions.addAll(List.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND));

    assertThat(port.checkCanPost(GUILD, CHANNEL).succeeded()).isTrue();
  }

  @Test
  @DisplayName("names the guild the bot is not in")
  void notInGuild() {
    assertThat(failure(port.checkCanPost(OTHER_GUILD, CHANNEL)))
        .isEqualTo("the bot is not in guild " + OTHER_GUILD);
    assertThat(failure(port.checkPermissions(OTHER_GUILD, Set.of())))
        .isEqualTo("the bot is not in guild " + OTHER_GUILD);
  }

  @Test
  @DisplayName("names a channel that does not exist in the guild")
  void channelMissing() {
    assertThat(failure(port.checkCanPost(GUILD, "555555555555555555")))
        .isEqualTo("channel 555555555555555555 does not exist in guild Cats (" + GUILD + ")");
  }

  @Test
  @DisplayName("refuses a channel that is not a text channel")
  void notATextChannel() {
    assertThat(failure(port.checkCanPost(GUILD, VOICE)))
        .isEqualTo("#lounge (" + VOICE + ") in guild Cats (" + GUILD
            + ") is a voice channel, not a text channel");
  }

  @Test
  @DisplayName("names the first channel permission the bot lacks")
  void lacksChannelPermission() {
    assertThat(failure(port.checkCanPost(GUILD, CHANNEL)))
        .isEqualTo("the bot lacks the View Channels permission in #welcome (" + CHANNEL + ")");

    channelPermissions.add(Permission.VIEW_CHANNEL);

    assertThat(failure(port.checkCanPost(GUILD, CHANNEL)))
        .isEqualTo("the bot lacks the Send Messages permission in #welcome (" + CHANNEL + ")");
  }

  @Test
  @DisplayName("names every guild permission the bot lacks, and which")
  void lacksGuildPermissions() {
    Future<Void> both = port.checkPermissions(GUILD,
        Set.of(ModerationPermission.MODERATE_MEMBERS, ModerationPermission.MANAGE_MESSAGES));
    guildPermissions.add(Permission.MESSAGE_MANAGE);
    Future<Void> one = port.checkPermissions(GUILD,
        Set.of(ModerationPermission.MODERATE_MEMBERS, ModerationPermission.MANAGE_MESSAGES));

    assertThat(failure(both)).isEqualTo("the bot lacks the Manage Messages and Timeout Members"
        + " permissions in guild Cats (" + GUILD + ")");
    assertThat(one.cause()).isInstanceOfSatisfying(MissingPermissionsException.class, missing ->
        assertThat(missing.missing()).containsExactly(ModerationPermission.MODERATE_MEMBERS));
    assertThat(failure(one))
        .isEqualTo("the bot lacks the Timeout Members permission in guild Cats (" + GUILD + ")");
  }

  @Test
  @DisplayName("holds the guild permissions asked for, or none")
  void holdsGuildPermissions() {
    guildPermissions.addAll(List.of(Permission.MESSAGE_MANAGE, Permission.MODERATE_MEMBERS));

    assertThat(port.checkPermissions(GUILD, EnumSet.allOf(ModerationPermission.class)).succeeded())
        .isTrue();
    assertThat(port.checkPermissions(GUILD, Set.of()).succeeded()).isTrue();
  }

  @Test
  @DisplayName("says so when the guild's shard is not connected, rather than guessing")
  void shardNotConnected() {
    shardStatus = JDA.Status.ATTEMPTING_TO_RECONNECT;

    assertThat(failure(port.checkCanPost(GUILD, CHANNEL)))
        .contains("shard 0").contains("not connected").contains("ATTEMPTING_TO_RECONNECT");
  }

  @Test
  @DisplayName("fails, never throws, on a malformed guild id")
  void malformedId() {
    assertThat(port.checkCanPost("not-a-snowflake", CHANNEL).failed()).isTrue();
  }

  private static String failure(Future<Void> check) {
    assertThat(check.failed()).as("check failed").isTrue();
    return check.cause().getMessage();
  }

  // Fakes of JDA's interfaces: every method not answered here throws.

  private ShardManager shardManager() {
    JDA shard = fake(JDA.class, Map.of(
        "getStatus", args -> shardStatus,
        "getGuildById", args -> Long.valueOf(GUILD).equals(args[0]) ? guild() : null,
        "isUnavailable", args -> false));
    return fake(ShardManager.class, Map.of(
        "getShardsTotal", args -> 1,
        "getShardById", args -> Integer.valueOf(0).equals(args[0]) ? shard : null));
  }

  private Guild guild() {
    GuildChannel text = channel("welcome", CHANNEL, ChannelType.TEXT);
    GuildChannel voice = channel("lounge", VOICE, ChannelType.VOICE);
    SelfMember self = fake(SelfMember.class, Map.of("hasPermission", args -> args.length == 1
        ? guildPermissions.containsAll(List.of((Permission[]) args[0]))
        : args[0] == text && channelPermissions.containsAll(List.of((Permission[]) args[1]))));
    return fake(Guild.class, Map.of(
        "getName", args -> "Cats",
        "getId", args -> GUILD,
        "getSelfMember", args -> self,
        "getGuildChannelById", args -> CHANNEL.equals(args[0]) ? text
            : VOICE.equals(args[0]) ? voice : null));
  }

  private static GuildChannel channel(String name, String id, ChannelType type) {
    return fake(GuildChannel.class, Map.of(
        "getName", args -> name, "getId", args -> id, "getType", args -> type));
  }

  @SuppressWarnings("unchecked")
  private static <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> answers) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          Function<Object[], Object> answer = answers.get(method.getName());
          if (answer != null) {
            return answer.apply(args == null ? new Object[0] : args);
          }
          return switch (method.getName()) {
            case "toString" -> "fake " + type.getSimpleName();
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(
                type.getSimpleName() + "." + method.getName() + " is not faked");
          };
        });
  }
}
