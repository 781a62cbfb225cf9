package io.configsync.backend.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventPageBodyTest {

  @Test
  @DisplayName("a timestamp is written exactly as Instant.toString writes it, whatever its fraction, year or offset")
  void timestampsAsInstantToString() {
    List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("2026-12-07T14:46:39Z"),
        Instant.parse("2026-12-07T14:46:39.100Z"), Instant.parse("2026-12-07T14:46:39.123456Z"),
        Instant.parse("2026-12-07T14:46:39.000001Z"), Instant.parse("2026-12-07T14:46:39.000000001Z"),
        Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.5Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("-0001-06-01T00:00:00Z"));
    edges.forEach(instant -> assertWrittenAsToString(instant, ZoneOffset.UTC));
    Random random = new Random(15);
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(4_102_444_800L), random.nextInt(1_000_000) * 1_000L);
      assertWrittenAsToString(instant, i % 2 == 0 ? ZoneOffset.UTC : ZoneOffset.ofHoursMinutes(5, 30));
    }
  }

  private static void assertWrittenAsToString(Instant instant, ZoneOffset offset) {
    ByteBuf out = Unpooled.buffer();
    EventPageBody.instant(out, OffsetDateTime.ofInstant(instant, offset));
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(instant.toString());
  }
}
