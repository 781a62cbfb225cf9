package io.configsync.bench;

import io.configsync.bench.propagation.LatencyScenario;
import java.util.List;

/** Every scenario, in the order a full run measures them. */
final class Scenarios {

  private Scenarios() {}

  static List<Scenario> all() {
    return List.of(
        new LatencyScenario());
  }
}
