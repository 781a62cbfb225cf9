package io.configsync.bench.sync;

import java.lang.management.ManagementFactory;

/**
 * CPU time used by this JVM (backend and bot nodes, not PostgreSQL): a figure that, unlike wall
 * time, does not depend on what else runs on a shared machine.
 */
final class ProcessCpu {

  private ProcessCpu() {}

  static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
