package io.configsync.backend.modules;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the JVM compiles the JSON Schema validator. vertx-json-schema checks a config in one
 * method of over 8,000 bytes of bytecode, which HotSpot leaves to the interpreter unless it runs
 * with {@code -XX:-DontCompileHugeMethods}: a welcome config then takes about 30 µs to check
 * instead of 5, the largest single cost of a write.
 */
public final class SchemaCheckCompilation {

  /** The JVM option that lets HotSpot compile the validator. */
  public static final String JVM_OPTION = "-XX:-DontCompileHugeMethods";

  private SchemaCheckCompilation() {}

  /** False when this JVM leaves huge methods, the validator's among them, to the interpreter. */
  public static boolean compiled() {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot == null || "false".equals(hotSpot.getVMOption("DontCompileHugeMethods").getValue());
    } catch (IllegalArgumentException notHotSpot) {
      return true;
    }
  }
}
