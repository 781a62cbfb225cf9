package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Snapshot keeper pacing")
class SnapshotKeeperTest {

  @Test
  @DisplayName("a write that took a while spaces the next one out so that writing stays within its share")
  void pausesInProportionToTheLastWrite() {
    long took = Duration.ofSeconds(2).toNanos();
    long pause = SnapshotKeeper.pauseAfter(took);

    assertThat((double) took / (took + pause)).isCloseTo(SnapshotKeeper.MAX_WRITING_SHARE,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(SnapshotKeeper.pauseAfter(0)).isZero();
  }
}
