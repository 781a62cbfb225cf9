package io.configsync.launcher;

import java.util.List;
import java.util.Objects;

/**
 * Where this process meets the other cluster members, without editing Hazelcast XML.
 *
 * @param host the address other members reach this one at; Hazelcast and the event bus bind it
 * @param eventBusPort the clustered event bus's TCP port; 0 picks a free one
 * @param hazelcastPort Hazelcast's member port; at {@link #DEFAULT_HAZELCAST_PORT} the next free one
 *     up to 100 above is taken if it is in use
 * @param members Hazelcast TCP-IP members, {@code host} or {@code host:port}; empty keeps the XML's list
 */
public record ClusterNetwork(String host, int eventBusPort, int hazelcastPort, List<String> members) {

  public static final int DEFAULT_HAZELCAST_PORT = 5701;
  public static final ClusterNetwork LOCAL = new ClusterNetwork("127.0.0.1", 0, DEFAULT_HAZELCAST_PORT, List.of());

  public ClusterNetwork {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("--cluster-host must not be empty");
    }
    checkPort("--cluster-port", eventBusPort, true);
    checkPort("--hazelcast-port", hazelcastPort, false);
    members = List.copyOf(members);
    for (String member : members) {
      checkMember(member);
    }
  }

  public ClusterNetwork withHost(String host) {
    return new ClusterNetwork(host, eventBusPort, hazelcastPort, members);
  }

  /** Whether the Hazelcast port may move up when taken (only when left at its default). */
  boolean hazelcastPortAutoIncrement() {
    return hazelcastPort == DEFAULT_HAZELCAST_PORT;
  }

  private static void checkMember(String member) {
    int colon = member.lastIndexOf(':');
    String host = colon < 0 ? member : member.substring(0, colon);
    if (host.isBlank() || member.contains(" ")) {
      throw new IllegalArgumentException("--cluster-members takes host:port,host:port,...; got '" + member + "'");
    }
    if (colon >= 0) {
      try {
        checkPort("the port of cluster member '" + member + "'", Integer.parseInt(member.substring(colon + 1)), false);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--cluster-members takes host:port,host:port,...; '" + member
            + "' has no valid port");
      }
    }
  }

  private static void checkPort(String name, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65_535) {
      throw new IllegalArgumentException(name + " must be between " + (zeroAllowed ? 0 : 1) + " and 65535, got "
          + port);
    }
  }
}
