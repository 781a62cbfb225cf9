package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --cluster-host}, {@code --cluster-port}, {@code --hazelcast-port}, {@code --cluster-members}. */
class ClusterNetworkTest {

  @Test
  void theOptionsShapeTheBundledHazelcastConfig() {
    NodeSettings settings = NodeSettings.builder(Role.BACKEND).clusterNetwork(new ClusterNetwork("127.0.0.2", 15_800,
        15_701, List.of("127.0.0.2:15701", "127.0.0.3:15701"))).build();

    Config config = VertxFactory.hazelcastConfig(settings);

    assertThat(config.getNetworkConfig().getPort()).isEqualTo(15_701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.2");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.2:15701", "127.0.0.3:15701");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void withoutOptionsTheBundledClusterXmlStays() {
    Config config = VertxFactory.hazelcastConfig(NodeSettings.builder(Role.BACKEND).build());

    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
  }

  @Test
  void badValuesAreRefusedWithTheOptionNamed() {
    assertThatThrownBy(() -> new ClusterNetwork("127.0.0.1", 0, 5701, List.of("db:notaport")))
        .hasMessageContaining("--cluster-members").hasMessageContaining("db:notaport");
    assertThatThrownBy(() -> new ClusterNetwork("127.0.0.1", 70_000, 5701, List.of()))
        .hasMessageContaining("--cluster-port");
    assertThatThrownBy(() -> new ClusterNetwork("127.0.0.1", 0, 0, List.of()))
        .hasMessageContaining("--hazelcast-port");
    assertThatThrownBy(() -> VertxFactory.hazelcastConfig(NodeSettings.builder(Role.BACKEND)
        .clusterHost("no-such-host.invalid").build()))
        .hasMessageContaining("--cluster-host no-such-host.invalid");
  }

  @Test
  void theCommandLineExitsWithStatusOneOnABadMemberList() {
    int status = ConfigSyncMain.commandLine().execute("gateway", "--cluster-members", "a:1,b:x", "--http-port", "0");

    assertThat(status).isEqualTo(1);
  }
}
