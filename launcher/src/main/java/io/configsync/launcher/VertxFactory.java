package io.configsync.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.ListenerConfig;
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
import java.nio.file.Path;

/** Creates the process's Vert.x, standalone or as a member of the Hazelcast cluster. */
public final class VertxFactory {

  private VertxFactory() {}

  public static Future<Vertx> create(NodeSettings settings, MeterRegistry metrics) {
    return create(settings, metrics, null);
  }

  /** As {@link #create(NodeSettings, MeterRegistry)}; a clustered Vert.x tells {@code membership} of member changes. */
  static Future<Vertx> create(NodeSettings settings, MeterRegistry metrics, ClusterMembership membership) {
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics));
    if (!settings.cluster()) {
      return Future.succeededFuture(builder.build());
    }
    options.getEventBusOptions().setHost(settings.clusterHost()).setClusterPublicHost(settings.clusterHost());
    Config hazelcast = hazelcastConfig(settings);
    if (membership != null) {
      hazelcast.addListenerConfig(new ListenerConfig(membership));
    }
    return builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  /** The bundled {@code cluster.xml} (or {@code --cluster-config}), with the cluster name overridden if asked. */
  static Config hazelcastConfig(NodeSettings settings) {
    Config config = settings.clusterConfig() == null ? ConfigUtil.loadConfig() : readXml(settings.clusterConfig());
    if (settings.clusterName() != null) {
      config.setClusterName(settings.clusterName());
    }
    return config;
  }

  private static Config readXml(Path file) {
    try {
      return new FileSystemXmlConfig(file.toFile());
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("--cluster-config " + file + " does not exist", e);
    }
  }
}
