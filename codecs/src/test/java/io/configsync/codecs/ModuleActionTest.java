package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ModuleAction")
class ModuleActionTest {

  @ParameterizedTest(name = "was enabled {0}, now enabled {1} -> {2}")
  @CsvSource({
    "false, false, DISABLED",
    "true,  false, DISABLED",
    "false, true,  ENABLED",
    "true,  true,  CONFIG_UPDATED"
  })
  @DisplayName("between(was, now) describes the state after the change")
  void betweenDescribesTheStateAfterTheChange(boolean wasEnabled, boolean nowEnabled, ModuleAction expected) {
    assertThat(ModuleAction.between(wasEnabled, nowEnabled)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ModuleAction.class)
  @DisplayName("leaves the module enabled unless the action is disabled")
  void leavesEnabledUnlessDisabled(ModuleAction action) {
    assertThat(action.leavesEnabled()).isEqualTo(action != ModuleAction.DISABLED);
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({"ENABLED, enabled", "DISABLED, disabled", "CONFIG_UPDATED, config_updated"})
  @DisplayName("wire names are exactly the contract's")
  void wireNamesAreTheContracts(ModuleAction action, String wireName) {
    assertThat(action.wireName()).isEqualTo(wireName);
    assertThat(ModuleAction.fromWireName(wireName)).isSameAs(action);
  }

  @Test
  @DisplayName("every action has its own wire name")
  void wireNamesAreDistinct() {
    assertThat(ModuleAction.values()).extracting(ModuleAction::wireName).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "[{0}]")
  @NullSource
  @ValueSource(strings = {"", "ENABLED", "Enabled", " enabled", "enabled ", "deleted", "config-updated", "configUpdated"})
  @DisplayName("an unknown wire name is refused")
  void unknownWireNameIsRefused(String name) {
    assertThatThrownBy(() -> ModuleAction.fromWireName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown module action");
  }
}
