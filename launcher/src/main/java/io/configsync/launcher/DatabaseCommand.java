package io.configsync.launcher;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A one-shot command on the database (rebuild-state, export, import): its exit status and streams. */
abstract class DatabaseCommand implements Callable<Integer> {

  /** The command could not run (no database, a failure while reading or writing). */
  static final int FAILED = 2;

  @Spec
  CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Says on standard error why the command could not run, e.g. {@code export failed: ...}. */
  int failed(String why) {
    err().println(spec.name() + " failed: " + why);
    err().flush();
    return FAILED;
  }
}
