package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.DecodeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Strict parsing: ASCII digits without sign, JSON without duplicate keys")
class StrictParsingTest {

  @Test
  @DisplayName("numbers are ASCII digits: no +, no digits of other scripts, no spaces inside")
  void decimals() {
    assertThat(Decimals.parseNonNegative("0")).isZero();
    assertThat(Decimals.parseNonNegative("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    for (String bad : new String[] {"+5", "-5", "\u0665", "\uFF15", "5 ", "", "9223372036854775808", "1e3", "0x5"}) {
      assertThatThrownBy(() -> Decimals.parseNonNegative(bad)).as(bad).isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  @DisplayName("shard lists refuse + and other scripts' digits, and still allow spaces around numbers")
  void shards() {
    assertThat(ShardSpec.parse("0, 1/4")).isEqualTo(ShardSpec.parse("0,1/4"));
    for (String bad : new String[] {"+1/4", "1/+4", "\u0661/\u0664", "0-+1/4"}) {
      assertThatThrownBy(() -> ShardSpec.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  @DisplayName("a key twice in one object is refused, at any depth; equal keys in different objects are fine")
  void duplicateKeys() {
    assertThat(StrictJson.parseObject("{\"a\":{\"b\":1},\"c\":{\"b\":2}}").getJsonObject("c").getInteger("b"))
        .isEqualTo(2);
    assertThatThrownBy(() -> StrictJson.parseObject("{\"a\":1,\"a\":2}")).isInstanceOf(DecodeException.class)
        .hasMessageContaining("a");
    assertThatThrownBy(() -> StrictJson.parseObject("{\"config\":{\"rules\":[{\"id\":\"x\",\"id\":\"y\"}]}}"))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> StrictJson.parseObject("[1]")).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> StrictJson.parseObject("{\"a\":1} x")).isInstanceOf(DecodeException.class);
  }
}
