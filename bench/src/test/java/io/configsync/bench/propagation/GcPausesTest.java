package io.configsync.bench.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GC pauses in a window")
class GcPausesTest {

  private static final long WAIT_NANOS = 10_000_000_000L;

  @Test
  @DisplayName("counts a collection that ended in the window, and none outside it")
  void countsACollectionInTheWindow() throws InterruptedException {
    // GIVEN
    GcPauses pauses = GcPauses.listen();
    try {
      long before = System.nanoTime();

      // WHEN the JVM stops for a full collection
      System.gc();

      // THEN it is notified (a little after it ended) and falls in a window from before it
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (pauses.between(before, System.nanoTime()).count() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      GcPauses.Summary seen = pauses.between(before, System.nanoTime());
      assertThat(seen.count()).isGreaterThanOrEqualTo(1);
      assertThat(seen.longestMs()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(seen.totalMs());
      assertThat(seen.describe()).contains("GC pause");
      assertThat(pauses.between(0, before).count()).isZero();
    } finally {
      pauses.stop();
    }
  }
}
