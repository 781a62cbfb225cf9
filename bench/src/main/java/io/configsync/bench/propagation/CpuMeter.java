package io.configsync.bench.propagation;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time goes during a measurement: this JVM (every node and the load
 * generators), the PostgreSQL server (postmaster and its backends, from {@code /proc}) and the
 * machine as a whole (from {@code /proc/stat}, so other processes too). Shares are percent of ALL
 * cores: 100 % is the whole machine. Outside Linux the PostgreSQL and machine shares read 0.
 */
final class CpuMeter {

  /** Linux's USER_HZ, the unit of the times in {@code /proc}: 100 on every mainstream architecture. */
  private static final double TICKS_PER_SECOND = 100;

  /** Cumulative counters at one instant. */
  record Sample(long wallNanos, long jvmCpuNanos, long generatorCpuNanos, long jitTicks, long postgresTicks,
                long machineBusyTicks, long machineTotalTicks) {}

  /**
   * Shares of all cores between two samples, in percent, and the CPU time of the system under test:
   * this JVM less its load generator's threads, and PostgreSQL.
   */
  record Usage(double jvmPercent, double jitPercent, double postgresPercent, double machinePercent,
               long configSyncCpuNanos, long jitCpuNanos, long postgresCpuNanos) {

    /** What neither this JVM nor PostgreSQL used: other processes on the machine. */
    double otherPercent() {
      return Math.max(0, machinePercent - jvmPercent - postgresPercent);
    }

    /** ConfigSync's CPU time (its nodes and cluster bots, load generator apart) per write, in µs. */
    double configSyncMicrosPer(long writes) {
      return configSyncCpuNanos / 1_000.0 / Math.max(1, writes);
    }

    /**
     * The same, less what the JIT compiler threads used: what a warmed-up process spends per write.
     * The JIT compiles the whole JVM's code, the load generator's included, so this is a bound from below.
     */
    double configSyncWarmMicrosPer(long writes) {
      return Math.max(0, configSyncCpuNanos - jitCpuNanos) / 1_000.0 / Math.max(1, writes);
    }

    double postgresMicrosPer(long writes) {
      return postgresCpuNanos / 1_000.0 / Math.max(1, writes);
    }
  }

  private final long postgresPid;
  private final LoadGeneratorThreads generator;
  private final int cores = Runtime.getRuntime().availableProcessors();

  /**
   * @param postgresPid the postmaster's pid, or 0 when there is none to account for
   * @param generator the threads of this JVM that generate the load, not part of ConfigSync
   */
  CpuMeter(long postgresPid, LoadGeneratorThreads generator) {
    this.postgresPid = postgresPid;
    this.generator = generator;
  }

  Sample sample() {
    long[] machine = machineTicks();
    return new Sample(System.nanoTime(), jvmCpuNanos(), generator.cpuNanos(), jitTicks(), postgresTicks(), machine[0],
        machine[1]);
  }

  Usage between(Sample from, Sample to) {
    double wallSeconds = (to.wallNanos() - from.wallNanos()) / 1e9;
    double jvm = (to.jvmCpuNanos() - from.jvmCpuNanos()) / 1e9 / wallSeconds / cores * 100;
    double postgres = (to.postgresTicks() - from.postgresTicks()) / TICKS_PER_SECOND / wallSeconds / cores * 100;
    long total = to.machineTotalTicks() - from.machineTotalTicks();
    double machine = total <= 0 ? 0 : 100.0 * (to.machineBusyTicks() - from.machineBusyTicks()) / total;
    long configSyncNanos = (to.jvmCpuNanos() - from.jvmCpuNanos()) - (to.generatorCpuNanos() - from.generatorCpuNanos());
    long postgresNanos = Math.round((to.postgresTicks() - from.postgresTicks()) / TICKS_PER_SECOND * 1e9);
    long jitNanos = Math.round((to.jitTicks() - from.jitTicks()) / TICKS_PER_SECOND * 1e9);
    double jit = jitNanos / 1e9 / wallSeconds / cores * 100;
    return new Usage(jvm, jit, postgres, machine, Math.max(0, configSyncNanos), jitNanos, postgresNanos);
  }

  private static long jvmCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  /** {busy, total} from the {@code cpu} line of /proc/stat; idle and iowait count as not busy. */
  private static long[] machineTicks() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
      String[] fields = lines.filter(line -> line.startsWith("cpu ")).findFirst().orElse("cpu").trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        long value = Long.parseLong(fields[i]);
        total += value;
        if (i == 4 || i == 5) {
          idle += value;
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /**
   * utime + stime of this JVM's JIT compiler threads (C1, C2), from {@code /proc/self/task}: while
   * they are busy the code measured is still being compiled, and they compete for the same cores.
   */
  private static long jitTicks() {
    try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
      return threads.mapToLong(CpuMeter::ticksIfCompiler).sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long ticksIfCompiler(Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).trim();
      if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
        return 0;
      }
      return userAndSystemTicks(Files.readString(thread.resolve("stat")));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Fields 14 and 15 of a {@code /proc} stat line; the command name (field 2) may hold spaces. */
  private static long userAndSystemTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** utime + stime of the postmaster and of its children (one backend per pool connection). */
  private long postgresTicks() {
    if (postgresPid <= 0) {
      return 0;
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(this::ticksIfPostgres)
          .sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private long ticksIfPostgres(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      long pid = Long.parseLong(process.getFileName().toString());
      long parent = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
      if (pid != postgresPid && parent != postgresPid) {
        return 0;
      }
      return userAndSystemTicks(stat);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
