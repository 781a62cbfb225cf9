package io.configsync.launcher;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the roles that want to know when a member joins or leaves the Hazelcast cluster. Vert.x 5
 * has no public membership API (its {@code ClusterManager.nodeListener} slot is taken by Vert.x
 * itself), so this is a plain Hazelcast {@link MembershipListener} added to the cluster config by
 * {@link VertxFactory}. Callbacks run on a Hazelcast thread and must hand off to their own context.
 */
final class ClusterMembership implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

  private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

  void onChange(Runnable callback) {
    callbacks.add(callback);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    LOG.info("Cluster member joined: {}", event.getMember());
    tell(event);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    LOG.info("Cluster member left: {}", event.getMember());
    tell(event);
  }

  private void tell(MembershipEvent event) {
    for (Runnable callback : callbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        LOG.warn("A cluster membership callback failed on {}", event, e);
      }
    }
  }
}
