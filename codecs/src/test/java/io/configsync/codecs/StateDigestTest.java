package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.StateDigest.Entry;
import io.configsync.codecs.StateDigest.Result;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StateDigest")
class StateDigestTest {

  private static final String SHA256_OF_NOTHING =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final long GUILD = 81384788765712384L;
  private static final long LARGEST_17_DIGITS = 99_999_999_999_999_999L;
  private static final long SMALLEST_18_DIGITS = 100_000_000_000_000_000L;

  private static String sha256Hex(String text) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("the digest of no entries is the SHA-256 of empty input")
  void emptyIsSha256OfNothing() throws Exception {
    assertThat(sha256Hex("")).isEqualTo(SHA256_OF_NOTHING);
    assertThat(StateDigest.of(List.of())).isEqualTo(new Result(SHA256_OF_NOTHING, 0));
    assertThat(StateDigest.streaming().result()).isEqualTo(new Result(SHA256_OF_NOTHING, 0));
  }

  @Test
  @DisplayName("the digest is the lowercase hex SHA-256 of guildId:moduleId:version lines")
  void digestsTheLines() throws Exception {
    String lines = "81384788765712384:automod:3\n81384788765712384:welcome:2\n";

    Result result = StateDigest.of(List.of(new Entry(GUILD, "welcome", 2), new Entry(GUILD, "automod", 3)));

    assertThat(sha256Hex(lines))
        .as("independent computation")
        .isEqualTo("8bacddfe064805811cb720e5aca2be23e49ce7f63b7269038950316de060e7b9");
    assertThat(result.digest()).isEqualTo(sha256Hex(lines));
    assertThat(result.count()).isEqualTo(2);
  }

  @Test
  @DisplayName("guild ids sort as numbers: 17 digits before 18, unlike text order")
  void guildIdsSortNumerically() throws Exception {
    String numeric = "99999999999999999:automod:1\n100000000000000000:automod:1\n";
    String textual = "100000000000000000:automod:1\n99999999999999999:automod:1\n";
    assertThat(Long.toString(SMALLEST_18_DIGITS)).as("text order is the other way round")
        .isLessThan(Long.toString(LARGEST_17_DIGITS));

    Result result = StateDigest.of(List.of(
        new Entry(SMALLEST_18_DIGITS, "automod", 1), new Entry(LARGEST_17_DIGITS, "automod", 1)));

    assertThat(sha256Hex(numeric))
        .isEqualTo("96c2cd3501b848244c9325842357149714d21d70af7ae33c72b5e1b3dc8259e2");
    assertThat(result.digest()).isEqualTo(sha256Hex(numeric)).isNotEqualTo(sha256Hex(textual));
  }

  @Test
  @DisplayName("within a guild, entries sort by module id")
  void modulesSortWithinAGuild() throws Exception {
    Result result = StateDigest.of(List.of(
        new Entry(SMALLEST_18_DIGITS, "automod", 1),
        new Entry(LARGEST_17_DIGITS, "welcome", 4),
        new Entry(LARGEST_17_DIGITS, "automod", 7)));

    assertThat(result.digest()).isEqualTo(sha256Hex(
        "99999999999999999:automod:7\n99999999999999999:welcome:4\n100000000000000000:automod:1\n"));
    assertThat(result.count()).isEqualTo(3);
  }

  @Test
  @DisplayName("of() gives the same result whatever the order of its input")
  void ofIsOrderIndependent() {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(new Entry(GUILD + (long) i * 7_919, "module-" + (i % 5), i));
      entries.add(new Entry(GUILD + (long) i * 7_919, "other-" + (i % 3), i + 100));
    }
    Result expected = StateDigest.of(entries);
    Random random = new Random(42);

    for (int round = 0; round < 20; round++) {
      Collections.shuffle(entries, random);
      assertThat(StateDigest.of(entries)).isEqualTo(expected);
    }
    assertThat(StateDigest.of(new HashSet<>(entries))).isEqualTo(expected);
    assertThat(expected.count()).isEqualTo(100);
  }

  @Test
  @DisplayName("streaming in order gives the same result as of()")
  void streamingMatchesOf() {
    List<Entry> sorted = List.of(
        new Entry(LARGEST_17_DIGITS, "automod", 1),
        new Entry(LARGEST_17_DIGITS, "welcome", 2),
        new Entry(SMALLEST_18_DIGITS, "automod", 3));
    StateDigest digest = StateDigest.streaming();

    sorted.forEach(digest::add);

    assertThat(digest.result()).isEqualTo(StateDigest.of(sorted));
  }

  @Test
  @DisplayName("the version is part of the digest")
  void versionMatters() {
    assertThat(StateDigest.of(List.of(new Entry(GUILD, "automod", 3))))
        .isNotEqualTo(StateDigest.of(List.of(new Entry(GUILD, "automod", 4))));
  }

  @Test
  @DisplayName("streaming refuses a guild that comes before the previous one")
  void streamingRefusesAnEarlierGuild() {
    StateDigest digest = StateDigest.streaming();
    digest.add(new Entry(SMALLEST_18_DIGITS, "automod", 1));

    assertThatThrownBy(() -> digest.add(new Entry(LARGEST_17_DIGITS, "automod", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of order");
  }

  @Test
  @DisplayName("streaming refuses a module that comes before the previous one in the same guild")
  void streamingRefusesAnEarlierModule() {
    StateDigest digest = StateDigest.streaming();
    digest.add(new Entry(GUILD, "welcome", 1));

    assertThatThrownBy(() -> digest.add(new Entry(GUILD, "automod", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of order");
  }

  @Test
  @DisplayName("streaming refuses the same (guild, module) twice, whatever the version")
  void streamingRefusesDuplicates() {
    StateDigest digest = StateDigest.streaming();
    digest.add(new Entry(GUILD, "automod", 1));

    assertThatThrownBy(() -> digest.add(new Entry(GUILD, "automod", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> digest.add(new Entry(GUILD, "automod", 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of order");
  }

  @Test
  @DisplayName("of() refuses the same (guild, module) twice")
  void ofRefusesDuplicates() {
    assertThatThrownBy(() -> StateDigest.of(List.of(new Entry(GUILD, "automod", 1), new Entry(GUILD, "automod", 2))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("asking for the result twice gives the same result")
  void resultIsStable() {
    StateDigest digest = StateDigest.streaming();
    digest.add(new Entry(GUILD, "automod", 3));

    Result first = digest.result();

    assertThat(digest.result()).isEqualTo(first);
    assertThat(first.digest()).isNotEqualTo(SHA256_OF_NOTHING);
  }

  @Test
  @DisplayName("a finished digest refuses more entries")
  void finishedDigestRefusesEntries() {
    StateDigest digest = StateDigest.streaming();
    digest.add(new Entry(GUILD, "automod", 3));
    digest.result();

    assertThatThrownBy(() -> digest.add(new Entry(GUILD, "welcome", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finished");
  }
}
