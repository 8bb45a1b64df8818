package com.interview.app.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.function.Consumer;

/**
 * Cluster membership events, straight from Hazelcast: Vert.x keeps its own single node listener for itself, so we
 * listen beside it. A member removed (left, crashed, or silent past {@code maxNoHeartbeat}) is reported with its
 * Vert.x node id at once.
 */
public final class ClusterMembership {

  /** The member attribute vertx-hazelcast stores the Vert.x node id in. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private ClusterMembership() {
  }

  /** Calls {@code onLeft} with the node id of every member that leaves; nothing when not clustered. */
  public static void onNodeLeft(Vertx vertx, Consumer<String> onLeft) {
    if (!(vertx instanceof VertxInternal vi) || !(vi.clusterManager() instanceof HazelcastClusterManager hz)) {
      return;
    }
    hz.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // a new node is in on its first load report
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        onLeft.accept(nodeId != null ? nodeId : event.getMember().getUuid().toString());
      }
    });
  }
}
