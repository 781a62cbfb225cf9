package io.configsync.backend.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The backend tells whether this JVM compiles the schema validator")
class SchemaCheckCompilationTest {

  @Test
  @DisplayName("compiled exactly when the JVM was started with -XX:-DontCompileHugeMethods")
  void readsTheJvmOption() {
    boolean optionGiven = ManagementFactory.getRuntimeMXBean().getInputArguments()
        .contains(SchemaCheckCompilation.JVM_OPTION);
    assertThat(SchemaCheckCompilation.compiled()).isEqualTo(optionGiven);
  }
}
