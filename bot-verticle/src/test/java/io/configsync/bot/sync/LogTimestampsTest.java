package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Log timestamps")
class LogTimestampsTest {

  @Test
  @DisplayName("reads what Instant.toString writes exactly as Instant.parse does")
  void sameAsInstantParse() {
    List<Instant> instants = List.of(Instant.EPOCH, Instant.parse("2026-12-07T14:46:39.123456Z"),
        Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("1999-12-31T00:00:00.100Z"),
        Instant.ofEpochSecond(1_800_000_000L, 7), Instant.parse("9999-12-31T23:59:59Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T12:00:00.5Z"));
    for (Instant instant : instants) {
      assertThat(LogTimestamps.parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
    }
    for (String text : List.of("2026-12-07T14:46:39.1Z", "2026-12-07T14:46:39.12345678Z", "2026-01-01T00:00:00.0Z")) {
      assertThat(LogTimestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  @DisplayName("refuses what is not an instant, as Instant.parse does")
  void refusesOthers() {
    for (String text : List.of("", "yesterday", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-12-07T14:60:00Z", "2026-12-07T1a:00:00Z", "2026-12-07T14:46:39.1234567890Z",
        "2026-12-07 14:46:39Z", "2026-12-07T14:46:39")) {
      assertThatThrownBy(() -> LogTimestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
    }
  }
}
