package io.configsync.backend.store;

import io.configsync.backend.db.SqlQueries;
import io.configsync.codecs.ModuleChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.impl.SqlClientInternal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Commits writes in groups. Writes queue up while a transaction is in flight; the next transaction
 * takes up to {@code maxBatchSize} of them, gives each change the next revision, and commits the
 * state rows and the events together. Callers complete after that commit.
 *
 * <p>Why: revisions must be gapless and visible in commit order, which needs writers serialized on
 * the revision counter row; one fsync'd commit per write would cap throughput at a few hundred per
 * second, one commit per group does not. The counter row stays locked until commit, so several
 * backends sharing a database also take turns and keep revisions gapless.
 *
 * <p>All state is confined to the context the writer was created on.
 */
public final class GroupCommitWriter {

  /** What a write did: the resulting state, and whether it made a new version. */
  public record WriteResult(ModuleState state, boolean changed, ModuleChangeEvent event) {}

  /** Thrown to callers when the queue is full: the database is not keeping up. */
  public static final class Overloaded extends RuntimeException {
    Overloaded(String message) {
      super(message, null, false, false);
    }
  }

  /** The revision counter was not where this writer's cached states assumed: someone else committed. */
  private static final class CounterMoved extends RuntimeException {
    CounterMoved(long head) {
      super("the revision counter moved past " + head + " outside this writer", null, false, false);
    }
  }

  private record PendingWrite(ChangeRequest request, Promise<WriteResult> promise, Context caller) {
    StateKey key() {
      return new StateKey(request.guildId(), request.moduleId());
    }

    void complete(AsyncResult<WriteResult> result) {
      if (caller == null || caller == Vertx.currentContext()) {
        promise.handle(result);
      } else {
        caller.runOnContext(v -> promise.handle(result));
      }
    }
  }

  /** {@code actors.get(i)} made {@code events.get(i)}. */
  private record BatchPlan(List<StateTransition.Outcome> outcomes, Map<StateKey, ModuleState> finalStates,
                           List<ModuleChangeEvent> events, List<String> actors, long firstRevision) {
    long lastRevision() {
      return firstRevision + events.size() - 1;
    }
  }

  /**
   * States kept for one-round-trip commits: the keys being edited (10,000 typical configs are about
   * 2 MiB of JSON), and never more than 2 MiB of JSON, a few percent of a 512 MiB heap.
   */
  private static final int CACHED_STATES = 10_000;
  private static final long CACHED_CONFIG_CHARS = 2L << 20;

  private final Context context;
  private final Pool pool;
  private final int maxBatchSize;
  private final int maxQueuedWrites;
  private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
  private boolean committing;
  private final CommittedStates committedStates = new CommittedStates(CACHED_STATES, CACHED_CONFIG_CHARS);

  private final Counter committedChanges;
  private final DistributionSummary batchSizes;
  private final Timer commitTimer;
  private final Counter counterMovedElsewhere;
  private final Counter oneRoundTripCommits;
  private final Counter twoRoundTripCommits;
  private Consumer<List<ModuleChangeEvent>> committedListener = events -> { };
  private BooleanSupplier listenerPublishes = () -> false;

  public GroupCommitWriter(Context context, Pool pool, int maxBatchSize, int maxQueuedWrites, MeterRegistry metrics) {
    this.context = context;
    this.pool = pool;
    this.maxBatchSize = maxBatchSize;
    this.maxQueuedWrites = maxQueuedWrites;
    this.committedChanges = Counter.builder("configsync.writer.changes")
        .description("Changes committed (new versions)").register(metrics);
    this.batchSizes = DistributionSummary.builder("configsync.writer.batch.size")
        .description("Writes per committed transaction").register(metrics);
    this.commitTimer = Timer.builder("configsync.writer.commit")
        .description("Time of one group-commit transaction").publishPercentileHistogram().register(metrics);
    this.counterMovedElsewhere = Counter.builder("configsync.writer.counter.moved")
        .description("One-round-trip commits retried in two because another writer had committed meanwhile")
        .register(metrics);
    this.oneRoundTripCommits = commitsIn(1, metrics);
    this.twoRoundTripCommits = commitsIn(2, metrics);
  }

  private static Counter commitsIn(int roundTrips, MeterRegistry metrics) {
    return Counter.builder("configsync.writer.commits").tag("round.trips", Integer.toString(roundTrips))
        .description("Transactions committed, by round trips to the database").register(metrics);
  }

  /**
   * Called on the writer's context after each commit that made events, with those events in
   * revision order: the publisher can put them on the bus without reading them back from the log.
   * Not called when the outcome of a commit is unknown (the log then tells).
   *
   * <p>{@code publishesThem} is asked before each commit whether the listener will publish what it
   * is handed. Only a commit it will not publish sends a NOTIFY, for the publisher of another
   * backend: the database then wakes no listener, and this backend no event loop, for a commit
   * already on its way to the bus.
   */
  public void onCommitted(Consumer<List<ModuleChangeEvent>> listener, BooleanSupplier publishesThem) {
    this.committedListener = listener;
    this.listenerPublishes = publishesThem;
  }

  /** Queues a write; the future completes on the caller's context once it is committed or refused. */
  public Future<WriteResult> submit(ChangeRequest request) {
    Promise<WriteResult> promise = Promise.promise();
    PendingWrite write = new PendingWrite(request, promise, Vertx.currentContext());
    context.runOnContext(v -> enqueue(write));
    return promise.future();
  }

  private void enqueue(PendingWrite write) {
    if (queue.size() >= maxQueuedWrites) {
      write.complete(Future.failedFuture(new Overloaded(
          "too many writes waiting for the database (" + queue.size() + "); retry shortly")));
      return;
    }
    queue.add(write);
    commitNextBatch();
  }

  private void commitNextBatch() {
    if (committing || queue.isEmpty()) {
      return;
    }
    committing = true;
    List<PendingWrite> batch = new ArrayList<>(Math.min(queue.size(), maxBatchSize));
    while (!queue.isEmpty() && batch.size() < maxBatchSize) {
      batch.add(queue.poll());
    }
    long started = System.nanoTime();
    pool.withConnection(connection -> commit(connection, batch))
        .onComplete(result -> {
          commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          batchSizes.record(batch.size());
          // The bus first, then the next batch, then the callers: each answer is a hand-off to
          // another event loop, while the publisher runs here.
          if (result.succeeded()) {
            announceCommitted(result.result());
          }
          committing = false;
          commitNextBatch();
          finish(batch, result);
        });
  }

  /**
   * One transaction, in one round trip when every key of the batch is one this writer committed
   * lately and nobody has moved the revision counter since, else in two. The statements of a
   * round trip are pipelined on the connection, which runs them in order, and sent in one write
   * ({@link #sentTogether}); each round trip is one more wait in every write's latency, and under
   * CPU contention a long one.
   */
  private Future<List<StateTransition.Outcome>> commit(SqlConnection connection, List<PendingWrite> batch) {
    long head = committedStates.head();
    BatchPlan plan = planFromCommittedStates(batch, head);
    if (plan == null) {
      return readAndCommit(connection, batch);
    }
    Rows.ConfigTexts texts = new Rows.ConfigTexts();
    return sentTogether(connection, statements -> Future.all(statements.query(SqlQueries.BEGIN).execute(),
            write(statements, plan, head, texts)))
        .map(all -> committed(plan, head, texts, oneRoundTripCommits))
        .recover(failure -> {
          committedStates.forget();
          return rollback(connection).compose(v -> {
            if (!(failure instanceof CounterMoved)) {
              return Future.failedFuture(failure);
            }
            counterMovedElsewhere.increment();
            return readAndCommit(connection, batch);
          });
        });
  }

  /**
   * The plan from the states this writer committed, if it knows every key of the batch and the
   * batch changes something (a batch that changes nothing still reads, so that its answers are
   * current).
   */
  private BatchPlan planFromCommittedStates(List<PendingWrite> batch, long head) {
    Map<StateKey, ModuleState> states = new HashMap<>();
    for (PendingWrite write : batch) {
      if (!committedStates.knows(write.key())) {
        return null;
      }
      states.put(write.key(), committedStates.get(write.key()));
    }
    BatchPlan plan = plan(batch, states, head + 1, Instant.now().truncatedTo(ChronoUnit.MICROS));
    return plan.events().isEmpty() ? null : plan;
  }

  /** Two round trips: BEGIN, lock and read go together, then the writes with the COMMIT. */
  private Future<List<StateTransition.Outcome>> readAndCommit(SqlConnection connection, List<PendingWrite> batch) {
    Rows.ConfigTexts texts = new Rows.ConfigTexts();
    // Read only once the lock is held: the statements run in order, each with a fresh snapshot.
    return sentTogether(connection, statements -> Future.all(statements.query(SqlQueries.BEGIN).execute(),
            statements.preparedQuery(SqlQueries.LOCK_REVISION_COUNTER).execute()
                .map(rows -> rows.iterator().next().getLong(0)),
            loadStates(statements, batch)))
        .map(all -> plan(batch, all.resultAt(2), all.<Long>resultAt(1) + 1,
            Instant.now().truncatedTo(ChronoUnit.MICROS)))
        .compose(plan -> {
          long head = plan.firstRevision() - 1;
          return sentTogether(connection, statements -> plan.events().isEmpty()
                  ? statements.query(SqlQueries.COMMIT).execute().<Void>mapEmpty()
                  : write(statements, plan, head, texts))
              .map(v -> committed(plan, head, texts, twoRoundTripCommits));
        })
        .recover(failure -> {
          committedStates.forget();
          return rollback(connection).compose(v -> Future.failedFuture(failure));
        });
  }

  private List<StateTransition.Outcome> committed(BatchPlan plan, long counterBefore, Rows.ConfigTexts texts,
                                                  Counter commits) {
    commits.increment();
    long counterAfter = plan.events().isEmpty() ? counterBefore : plan.lastRevision();
    committedStates.committed(counterBefore, counterAfter, plan.finalStates().values(), texts);
    return plan.outcomes();
  }

  /** Ends whatever the failure left open before the connection goes back to the pool. */
  private static Future<Void> rollback(SqlConnection connection) {
    return connection.query(SqlQueries.ROLLBACK).execute().<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * The statements {@code issue} sends on the client it is given, sent to the database in one write
   * once it returns: one system call, and one wake-up of the database's backend process, rather
   * than one per statement (the connection flushes after each one it is handed). This is
   * vertx-sql-client's grouping, which its public API does not offer yet.
   */
  private static <T> Future<T> sentTogether(SqlConnection connection, Function<SqlClient, Future<T>> issue) {
    List<Future<T>> issued = new ArrayList<>(1);
    ((SqlClientInternal) connection).group(statements -> issued.add(issue.apply(statements)));
    return issued.get(0);
  }

  private Future<Map<StateKey, ModuleState>> loadStates(SqlClient connection, List<PendingWrite> batch) {
    Long[] guildIds = batch.stream().map(write -> write.request().guildId()).toArray(Long[]::new);
    String[] moduleIds = batch.stream().map(write -> write.request().moduleId()).toArray(String[]::new);
    return connection.preparedQuery(SqlQueries.SELECT_STATES_BY_KEYS).execute(Tuple.tuple().addValue(guildIds).addValue(moduleIds))
        .map(rows -> {
          Map<StateKey, ModuleState> states = new HashMap<>();
          for (Row row : rows) {
            ModuleState state = Rows.state(row);
            states.put(new StateKey(state.guildId(), state.moduleId()), state);
          }
          return states;
        });
  }

  /** Applies the writes in queue order, each seeing the state the previous ones left. */
  private static BatchPlan plan(List<PendingWrite> batch, Map<StateKey, ModuleState> states, long firstRevision,
                                Instant now) {
    List<StateTransition.Outcome> outcomes = new ArrayList<>(batch.size());
    Map<StateKey, ModuleState> finalStates = new LinkedHashMap<>();
    List<ModuleChangeEvent> events = new ArrayList<>();
    List<String> actors = new ArrayList<>();
    for (PendingWrite write : batch) {
      StateKey key = write.key();
      StateTransition.Outcome outcome =
          StateTransition.apply(states.get(key), write.request(), firstRevision + events.size(), now);
      if (outcome instanceof StateTransition.Changed changed) {
        states.put(key, changed.state());
        finalStates.put(key, changed.state());
        events.add(changed.event());
        actors.add(write.request().actor());
      }
      outcomes.add(outcome);
    }
    return new BatchPlan(outcomes, finalStates, events, actors, firstRevision);
  }

  /**
   * Sends the batch's statements and the COMMIT. The counter goes first: it is the lock every writer
   * takes first, and it fails the transaction ({@link CounterMoved}) unless it is still at
   * {@code head}. A failure aborts the transaction: the statements after it fail, and the COMMIT
   * rolls back. The statements run in the order they are sent.
   */
  private Future<Void> write(SqlClient connection, BatchPlan plan, long head, Rows.ConfigTexts texts) {
    List<Future<?>> statements = new ArrayList<>(5);
    Future<?> advanced = connection.preparedQuery(SqlQueries.ADVANCE_REVISION_COUNTER_OR_FAIL)
        .execute(Tuple.of(plan.lastRevision(), head));
    statements.add(advanced);
    statements.add(connection.preparedQuery(SqlQueries.UPSERT_STATES)
        .execute(Rows.stateColumns(List.copyOf(plan.finalStates().values()), texts)));
    statements.add(connection.preparedQuery(SqlQueries.INSERT_EVENTS)
        .execute(Rows.eventColumns(plan.events(), plan.actors(), texts)));
    if (!listenerPublishes.getAsBoolean()) {
      statements.add(connection.preparedQuery(SqlQueries.NOTIFY_REVISION)
          .execute(Tuple.of(Long.toString(plan.lastRevision()))));
    }
    statements.add(connection.query(SqlQueries.COMMIT).execute());
    return Future.all(statements).<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(
            isCounterRefusal(advanced.cause()) ? new CounterMoved(head) : failure));
  }

  /** {@code ADVANCE_REVISION_COUNTER_OR_FAIL}'s refusal: a division by zero. */
  private static boolean isCounterRefusal(Throwable failure) {
    return failure instanceof PgException pg && "22012".equals(pg.getSqlState());
  }

  private void announceCommitted(List<StateTransition.Outcome> outcomes) {
    List<ModuleChangeEvent> events = new ArrayList<>();
    for (StateTransition.Outcome outcome : outcomes) {
      if (outcome instanceof StateTransition.Changed changed) {
        events.add(changed.event());
      }
    }
    if (!events.isEmpty()) {
      committedListener.accept(events);
    }
  }

  private void finish(List<PendingWrite> batch, AsyncResult<List<StateTransition.Outcome>> result) {
    if (result.failed()) {
      batch.forEach(write -> write.complete(Future.failedFuture(result.cause())));
      return;
    }
    List<StateTransition.Outcome> outcomes = result.result();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).complete(toResult(outcomes.get(i)));
    }
  }

  private AsyncResult<WriteResult> toResult(StateTransition.Outcome outcome) {
    if (outcome instanceof StateTransition.Changed changed) {
      committedChanges.increment();
      return Future.succeededFuture(new WriteResult(changed.state(), true, changed.event()));
    }
    if (outcome instanceof StateTransition.Unchanged unchanged) {
      return Future.succeededFuture(new WriteResult(unchanged.state(), false, null));
    }
    return Future.failedFuture(((StateTransition.Rejected) outcome).reason());
  }
}
