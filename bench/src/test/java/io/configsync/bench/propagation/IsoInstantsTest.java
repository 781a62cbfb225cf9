package io.configsync.bench.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  @DisplayName("reads what Instant.toString writes, at every precision, like Instant.parse")
  void readsWhatInstantWrites() {
    for (String text : new String[] {"2026-11-24T01:22:18Z", "2026-11-24T01:22:18.100Z", "2026-11-24T01:22:18.123456Z",
        "2026-02-28T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2024-02-29T12:00:00.000001Z"}) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
    Instant now = Instant.now();
    assertThat(IsoInstants.parse(now.toString())).isEqualTo(now);
  }
}
