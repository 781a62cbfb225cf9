package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Log throttle: the first line, then one per interval counting the ones left out")
class LogThrottleTest {

  @Test
  @DisplayName("one line per interval, each saying how many were left out since the last")
  void throttles() {
    AtomicLong now = new AtomicLong();
    LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), now::get);

    assertThat(throttle.next()).isEqualTo(new LogThrottle.Decision(true, 0));
    assertThat(throttle.next().log()).isFalse();
    assertThat(throttle.next().log()).isFalse();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    LogThrottle.Decision next = throttle.next();
    assertThat(next).isEqualTo(new LogThrottle.Decision(true, 2));
    assertThat(next.suffix()).isEqualTo(" (2 more since the last line)");
    assertThat(new LogThrottle.Decision(true, 0).suffix()).isEmpty();
  }
}
