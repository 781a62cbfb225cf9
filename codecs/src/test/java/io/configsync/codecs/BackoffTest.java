package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Backoff")
class BackoffTest {

  @Test
  @DisplayName("stays within the cap however many failures in a row")
  void staysWithinTheCap() {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    for (int i = 0; i < 100; i++) {
      assertThat(backoff.nextDelayMs()).isBetween(1L, 5_000L);
    }
    assertThat(backoff.failures()).isEqualTo(30);
  }

  @Test
  @DisplayName("spreads the delays of processes that fail together")
  void isJittered() {
    Set<Long> delays = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Backoff backoff = Backoff.exponential(Duration.ofMillis(100));
      for (int failure = 0; failure < 6; failure++) {
        backoff.nextDelayMs();
      }
      delays.add(backoff.nextDelayMs());
    }
    assertThat(delays).hasSizeGreaterThan(10);
  }

  @Test
  @DisplayName("starts over after a success")
  void resets() {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(100));
    for (int i = 0; i < 10; i++) {
      backoff.nextDelayMs();
    }

    backoff.succeeded();

    assertThat(backoff.failures()).isZero();
    assertThat(backoff.nextDelayMs()).isLessThanOrEqualTo(200L);
  }
}
