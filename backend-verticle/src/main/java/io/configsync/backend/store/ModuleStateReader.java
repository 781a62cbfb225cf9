package io.configsync.backend.store;

import io.configsync.backend.db.SqlQueries;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** Every read of the state and of the event log. */
public final class ModuleStateReader {

  /**
   * A page of the event log: events after a revision in order, the head when it was read, and how
   * far the reader has everything in scope once it applied them.
   */
  public record EventPage(long head, long through, List<ModuleChangeEvent> events) {}

  /** A version of a (guild, module) as the event log keeps it; {@code config} null for a deletion. */
  public record PastVersion(long version, ModuleAction action, JsonObject config) {}

  private static final int STREAM_FETCH_SIZE = 2_000;
  /** Bytes gathered into one write of a streamed response. */
  private static final int WRITE_SIZE = 32 * 1_024;

  private final Pool pool;

  public ModuleStateReader(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<ModuleState>> find(long guildId, String moduleId) {
    return pool.preparedQuery(SqlQueries.SELECT_STATE).execute(Tuple.of(guildId, moduleId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Rows.state(rows.iterator().next())));
  }

  /** Version {@code version} of a (guild, module), from the event log. */
  public Future<Optional<PastVersion>> pastVersion(long guildId, String moduleId, long version) {
    return pool.preparedQuery(SqlQueries.SELECT_VERSION).execute(Tuple.of(guildId, moduleId, version))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(pastVersion(rows.iterator().next())));
  }

  private static PastVersion pastVersion(Row row) {
    return new PastVersion(row.getLong("version"), ModuleAction.fromWireName(row.getString("action")),
        row.getJsonObject("config"));
  }

  public Future<List<ModuleState>> guildStates(long guildId) {
    return pool.preparedQuery(SqlQueries.SELECT_GUILD_STATES).execute(Tuple.of(guildId))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(Rows::state).toList());
  }

  public Future<Long> headRevision() {
    return pool.preparedQuery(SqlQueries.SELECT_HEAD_REVISION).execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Up to {@code limit} events after {@code after}, in revision order.
   *
   * @return a failed future with {@link RevisionGone} if events after {@code after} were compacted
   */
  public Future<EventPage> eventsAfter(long after, int limit) {
    return eventsAfter(after, limit, ShardSpec.ALL);
  }

  /**
   * Up to {@code limit} events of {@code shards} after {@code after}, in revision order, up to the
   * head. {@code through} is the head when the page holds everything up to it, else the last
   * event's revision.
   *
   * @return a failed future with {@link RevisionGone} if events after {@code after} were compacted
   */
  public Future<EventPage> eventsAfter(long after, int limit, ShardSpec shards) {
    return pageAfter(SqlQueries.SELECT_EVENTS_AFTER_IN_SHARDS, after, limit, shards, Rows::event)
        .map(page -> new EventPage(page.head(), page.through(), page.events()));
  }

  /**
   * As {@link #eventsAfter(long, int, ShardSpec)}, the events as rows whose {@code config} column is
   * the UTF-8 bytes of the config's JSON text: for a response that copies it without decoding it.
   */
  public Future<Page<Row>> eventRowsAfter(long after, int limit, ShardSpec shards) {
    return pageAfter(SqlQueries.SELECT_EVENTS_AFTER_IN_SHARDS_CONFIG_AS_UTF8, after, limit, shards, row -> row);
  }

  /** A page of the event log, each event as {@code T}. */
  public record Page<T>(long head, long through, List<T> events) {}

  private <T> Future<Page<T>> pageAfter(String sql, long after, int limit, ShardSpec shards, Function<Row, T> map) {
    Integer[] shardArray = Arrays.stream(shards.shards()).boxed().toArray(Integer[]::new);
    return pool.preparedQuery(sql)
        .execute(Tuple.tuple().addValue(after).addValue(shards.count()).addValue(shardArray).addValue(limit))
        .compose(rows -> {
          Row first = rows.iterator().next();
          long head = first.getLong("head");
          long horizon = first.getLong("horizon");
          if (after < horizon) {
            return Future.failedFuture(new RevisionGone(after, horizon));
          }
          List<T> events = new ArrayList<>(rows.size());
          long last = after;
          for (Row row : rows) {
            if (row.getLong("revision") != null) {
              events.add(map.apply(row));
              last = row.getLong("revision");
            }
          }
          // A page of no events asked for (limit 0) proves nothing past after.
          long through = limit == 0 ? after : events.size() == limit ? last : Math.max(after, head);
          return Future.succeededFuture(new Page<>(head, through, events));
        });
  }

  public Future<Void> ping() {
    return pool.query(SqlQueries.PING).execute().mapEmpty();
  }

  /**
   * Runs {@code work} in a read-only repeatable-read transaction: everything it reads is the state
   * as of {@link Snapshot#revision()}. The connection is released however {@code work} ends.
   */
  public <T> Future<T> inSnapshot(Function<Snapshot, Future<T>> work) {
    return pool.getConnection().compose(connection -> connection.begin()
        .compose(transaction -> connection.query(SqlQueries.SET_SNAPSHOT_ISOLATION).execute()
            .compose(v -> connection.preparedQuery(SqlQueries.SELECT_HEAD_REVISION).execute())
            .map(rows -> new Snapshot(connection, rows.iterator().next().getLong(0)))
            .compose(work)
            .compose(result -> transaction.commit().map(result), failure -> rollback(transaction, failure)))
        .eventually(connection::close));
  }

  private static <T> Future<T> rollback(Transaction transaction, Throwable failure) {
    return transaction.rollback().transform(ignored -> Future.failedFuture(failure));
  }

  /** Reads of one consistent snapshot. */
  public static final class Snapshot {
    private final SqlConnection connection;
    private final long revision;

    private Snapshot(SqlConnection connection, long revision) {
      this.connection = connection;
      this.revision = revision;
    }

    /** The last revision committed in this snapshot. */
    public long revision() {
      return revision;
    }

    /** One query, all its rows at once: for small results. */
    public Future<RowSet<Row>> query(String sql, Tuple parameters) {
      return connection.preparedQuery(sql).execute(parameters);
    }

    /** Hands every row of {@code sql} to {@code consumer}, fetching them in chunks through a cursor. */
    public Future<Void> forEachRow(String sql, Tuple parameters, Consumer<Row> consumer) {
      return streamRows(sql, parameters, (stream, done) -> stream.handler(consumer::accept));
    }

    /**
     * Writes every row of {@code sql}, rendered by {@code render}, to {@code out}, pausing the
     * cursor while {@code out} is full. Rows are gathered into writes of about {@link #WRITE_SIZE}
     * bytes: a write per row costs a trip through the HTTP pipeline each, more than rendering it.
     */
    public Future<Void> pipeRows(String sql, Tuple parameters, WriteStream<Buffer> out, Function<Row, Buffer> render) {
      return pipeRowsInto(sql, parameters, out, (row, into) -> into.appendBuffer(render.apply(row)));
    }

    /**
     * As {@link #pipeRows}, {@code render} appending each row straight to the write being gathered:
     * for a million rows, a buffer per row and its copy are most of the cost.
     */
    public Future<Void> pipeRowsInto(String sql, Tuple parameters, WriteStream<Buffer> out,
                                     BiConsumer<Row, Buffer> render) {
      Buffer[] gathered = {Buffer.buffer(WRITE_SIZE + 1_024)};
      return streamRows(sql, parameters, (stream, done) -> {
        out.exceptionHandler(done::tryFail);
        stream.handler(row -> {
          render.accept(row, gathered[0]);
          if (gathered[0].length() >= WRITE_SIZE) {
            out.write(gathered[0]);
            gathered[0] = Buffer.buffer(WRITE_SIZE + 1_024);
            if (out.writeQueueFull()) {
              stream.pause();
              out.drainHandler(v -> stream.resume());
            }
          }
        });
      }, () -> {
        if (gathered[0].length() > 0) {
          out.write(gathered[0]);
        }
      });
    }

    private interface StreamSetup {
      void attach(RowStream<Row> stream, Promise<Void> done);
    }

    private Future<Void> streamRows(String sql, Tuple parameters, StreamSetup setup) {
      return streamRows(sql, parameters, setup, () -> { });
    }

    /** {@code beforeEnd} runs once the last row was handled, before the result completes. */
    private Future<Void> streamRows(String sql, Tuple parameters, StreamSetup setup, Runnable beforeEnd) {
      return connection.prepare(sql).compose(statement -> {
        Promise<Void> done = Promise.promise();
        RowStream<Row> stream = statement.createStream(STREAM_FETCH_SIZE, parameters);
        stream.exceptionHandler(done::tryFail);
        stream.endHandler(v -> {
          beforeEnd.run();
          done.tryComplete();
        });
        setup.attach(stream, done);
        return done.future().eventually(() -> closeQuietly(stream, statement));
      });
    }

    private static Future<Void> closeQuietly(RowStream<Row> stream, PreparedStatement statement) {
      return stream.close().transform(v -> statement.close()).otherwiseEmpty();
    }
  }
}
