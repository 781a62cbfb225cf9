package io.configsync.backend.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Database outage warnings")
class OutageWarningsTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private final OutageWarnings warnings = new OutageWarnings(Duration.ofSeconds(10), clock::get);

  @Test
  @DisplayName("log the first failure, then one line per interval counting the ones left out")
  void logsFirstThenOncePerInterval() {
    assertThat(warnings.onUnavailable()).isEqualTo(new OutageWarnings.Decision(true, 0));
    for (int i = 0; i < 500; i++) {
      clock.addAndGet(Duration.ofMillis(10).toNanos());
      assertThat(warnings.onUnavailable().log()).as("failure %d within the interval", i).isFalse();
    }
    clock.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(warnings.onUnavailable()).isEqualTo(new OutageWarnings.Decision(true, 500));
    assertThat(warnings.onUnavailable()).isEqualTo(new OutageWarnings.Decision(false, 0));
  }

  @Test
  @DisplayName("a failure long after the last line is logged at once, with nothing left out")
  void quietPeriodResets() {
    warnings.onUnavailable();
    clock.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThat(warnings.onUnavailable()).isEqualTo(new OutageWarnings.Decision(true, 0));
  }
}
