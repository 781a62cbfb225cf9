package io.configsync.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/** Creates the process's Vert.x, standalone or as a member of the Hazelcast cluster. */
public final class VertxFactory {

  /**
   * One event loop per core rather than Vert.x's two: each message wakes the loop it is for, and
   * more loops than cores mean more threads woken per write for no more parallelism. Measured on 2
   * cores: the JVM used 46% of the machine at 1,000 writes/s instead of 61%, and sustained 10,077
   * writes/s instead of 9,030. Nothing of ours blocks an event loop.
   */
  static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private VertxFactory() {}

  public static Future<Vertx> create(NodeSettings settings, MeterRegistry metrics) {
    return create(settings, metrics, null);
  }

  /** As {@link #create(NodeSettings, MeterRegistry)}; a clustered Vert.x tells {@code membership} of member changes. */
  static Future<Vertx> create(NodeSettings settings, MeterRegistry metrics, ClusterMembership membership) {
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS)
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics));
    if (!settings.cluster()) {
      return Future.succeededFuture(builder.build());
    }
    ClusterNetwork network = settings.clusterNetwork();
    options.getEventBusOptions().setHost(network.host()).setClusterPublicHost(network.host())
        .setPort(network.eventBusPort());
    Config hazelcast = hazelcastConfig(settings);
    if (membership != null) {
      hazelcast.addListenerConfig(new ListenerConfig(membership));
    }
    return builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  /**
   * The bundled {@code cluster.xml} with this member's address, Hazelcast port and members from the
   * settings; or {@code --cluster-config} as written, with only the members (if given) and the
   * cluster name (if given) overridden.
   */
  static Config hazelcastConfig(NodeSettings settings) {
    ClusterNetwork network = settings.clusterNetwork();
    Config config;
    if (settings.clusterConfig() == null) {
      config = ConfigUtil.loadConfig();
      NetworkConfig hazelcastNetwork = config.getNetworkConfig();
      hazelcastNetwork.setPort(network.hazelcastPort()).setPortAutoIncrement(network.hazelcastPortAutoIncrement());
      String address = ipAddressOf(network.host());
      // Bind this address only, not every interface (Hazelcast's default). An explicit local address
      // also works where interface matching cannot, e.g. 127.0.0.2 on a loopback device.
      hazelcastNetwork.getInterfaces().setEnabled(false);
      config.setProperty("hazelcast.local.localAddress", address);
      config.setProperty("hazelcast.socket.bind.any", "false");
      if (network.members().isEmpty() && !"127.0.0.1".equals(address)) {
        hazelcastNetwork.getJoin().getTcpIpConfig().setMembers(List.of(network.host()));
      }
    } else {
      config = readXml(settings.clusterConfig());
    }
    if (!network.members().isEmpty()) {
      JoinConfig join = config.getNetworkConfig().getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(network.members());
    }
    if (settings.clusterName() != null) {
      config.setClusterName(settings.clusterName());
    }
    return config;
  }

  /** Hazelcast's interfaces are IP addresses: a host name is resolved once, at start. */
  private static String ipAddressOf(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--cluster-host " + host + " does not resolve to an address");
    }
  }

  private static Config readXml(Path file) {
    try {
      return new FileSystemXmlConfig(file.toFile());
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("--cluster-config " + file + " does not exist", e);
    }
  }
}
