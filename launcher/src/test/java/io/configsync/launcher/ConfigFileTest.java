package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --config FILE}: every option in a file; flags and environment variables override it. */
class ConfigFileTest {

  @TempDir
  Path work;

  @Test
  void aYamlFileSetsTheOptionsAndFlagsOverrideIt() throws Exception {
    Path file = Files.writeString(work.resolve("configsync.yaml"), """
        http-port: 9099
        http-host: 0.0.0.0
        cluster-host: 10.0.0.4
        cluster-port: 5801
        cluster-members: [10.0.0.2:5701, 10.0.0.3:5701]
        shards: 0,1/4
        bot-id: bot-c
        bot-retention-days: 2
        """);

    NodeSettings settings = settings(Map.of(), "bot", "--config", file.toString(), "--http-port", "7000");

    assertThat(settings.httpPort()).as("the flag wins").isEqualTo(7000);
    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.clusterNetwork())
        .isEqualTo(new ClusterNetwork("10.0.0.4", 5801, 5701, List.of("10.0.0.2:5701", "10.0.0.3:5701")));
    assertThat(settings.shards().toString()).isEqualTo("0,1/4");
    assertThat(settings.botId()).isEqualTo("bot-c");
    assertThat(settings.bots().forgetAfter()).hasDays(2);
  }

  @Test
  void aPropertiesFileWorksTooAndAnEnvironmentVariableOverridesIt() throws Exception {
    Path file = Files.writeString(work.resolve("configsync.properties"), "http-port=9099\nbot-id=from-file\n");
    CommandLine commandLine = ConfigSyncMain.commandLine(new String[] {"--config", file.toString()},
        Map.of("CONFIGSYNC_BOT_ID", "from-env")::get);
    ConfigFile provider = (ConfigFile) commandLine.getDefaultValueProvider();

    assertThat(provider.defaultValue(commandLine.getCommandSpec().findOption("--http-port"))).isEqualTo("9099");
    assertThat(provider.defaultValue(commandLine.getCommandSpec().findOption("--bot-id")))
        .as("left to the option's ${env:CONFIGSYNC_BOT_ID} default").isNull();
    assertThat(ConfigFile.environmentVariable("cluster-members")).isEqualTo("CONFIGSYNC_CLUSTER_MEMBERS");
  }

  @Test
  void unknownSettingsAndSecretsAreRefused() throws Exception {
    Path file = Files.writeString(work.resolve("bad.yaml"), "http-port: 1\nadmin-token: hunter2\nhttp-prot: 2\n");

    assertThatThrownBy(() -> ConfigSyncMain.commandLine(new String[] {"--config", file.toString()}, name -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting(s) [admin-token, http-prot]")
        .hasMessageContaining("secrets")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> ConfigSyncMain.commandLine(new String[] {"--config", work.resolve("none.yaml").toString()},
        name -> null)).hasMessageContaining("cannot be read");
  }

  @Test
  void subcommandsTakeTheirOptionsFromTheFile() throws Exception {
    Path file = Files.writeString(work.resolve("c.yaml"), "data-dir: /srv/configsync\n");
    CommandLine commandLine = ConfigSyncMain.commandLine(new String[] {"--config", file.toString(), "export"},
        name -> null);
    commandLine.parseArgs("--config", file.toString(), "export");

    ExportCommand export = commandLine.getSubcommands().get("export").getCommand();
    assertThat(export.target.dataDir).isEqualTo(Path.of("/srv/configsync"));
  }

  private static NodeSettings settings(Map<String, String> environment, String... args) {
    CommandLine commandLine = ConfigSyncMain.commandLine(args, environment::get);
    commandLine.parseArgs(args);
    return ((LaunchCommand) commandLine.getCommand()).settings();
  }
}
