package io.configsync.bench;

import java.util.function.Function;

/**
 * A scenario sized by a plan ({@code P}: its rates, phases or sizes): the full one, the smaller one
 * {@code --quick} picks, or one of its own a test passes.
 */
public abstract class PlannedScenario<P> implements Scenario {

  private final String name;
  private final String description;
  private final Function<Boolean, P> planOf;

  /**
   * @param planOf the plan of a run, given whether it is {@code --quick}
   */
  protected PlannedScenario(String name, String description, Function<Boolean, P> planOf) {
    this.name = name;
    this.description = description;
    this.planOf = planOf;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final void run(BenchRun run, BenchReport report) throws Exception {
    run(run, report, planOf.apply(run.quick()));
  }

  /** Runs with this plan, whatever {@code --quick} says. */
  public abstract void run(BenchRun run, BenchReport report, P plan) throws Exception;
}
