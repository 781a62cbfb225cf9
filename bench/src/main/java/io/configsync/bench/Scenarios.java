package io.configsync.bench;

import io.configsync.bench.anchors.AnchorScenario;
import io.configsync.bench.propagation.FanoutScenario;
import io.configsync.bench.propagation.LatencyScenario;
import io.configsync.bench.propagation.ThroughputScenario;
import io.configsync.bench.sync.BulkLoadScenario;
import io.configsync.bench.sync.CatchUpScenario;
import java.util.List;

/** Every scenario, in the order a full run measures them. */
final class Scenarios {

  private Scenarios() {}

  static List<Scenario> all() {
    return List.of(
        new LatencyScenario(),
        new ThroughputScenario(),
        new FanoutScenario(),
        new BulkLoadScenario(),
        new CatchUpScenario(),
        new AnchorScenario());
  }
}
