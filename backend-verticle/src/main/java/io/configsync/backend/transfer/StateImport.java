package io.configsync.backend.transfer;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.modules.WriteRefused;
import io.configsync.backend.modules.WriteRules;
import io.configsync.backend.store.ChangeRequest;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.GroupCommitWriter.WriteResult;
import io.configsync.backend.store.ModuleChange;
import io.configsync.codecs.ModuleChangeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an export file as ordinary changes through the {@link GroupCommitWriter}: new versions and
 * revisions, in the history with actor {@link #ACTOR}, published like any write. Every line is
 * checked first (JSON, guild id, module, schema, size, duplicates); a file with any bad line stores
 * nothing.
 */
public final class StateImport {

  public static final String ACTOR = "import";
  /** Writes in flight at once: enough to fill the writer's batches, bounded whatever the file's size. */
  private static final int WINDOW = 256;

  /** What a checked file holds: the changes to make, or the bad lines (1-based) with why. */
  public record Checked(List<ChangeRequest> changes, List<String> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** What the import did: lines written as new versions, and lines already equal (no new version). */
  public record Summary(int changed, int unchanged) {}

  private StateImport() {}

  /** Reads and checks every line; stores nothing. Blank lines are skipped. */
  public static Checked check(BufferedReader in, ModuleCatalog catalog) throws IOException {
    List<ChangeRequest> changes = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String text;
    int number = 0;
    while ((text = in.readLine()) != null) {
      number++;
      if (text.isBlank()) {
        continue;
      }
      try {
        ChangeRequest change = change(text, catalog);
        Integer earlier = seen.putIfAbsent(change.guildId() + "/" + change.moduleId(), number);
        if (earlier != null) {
          errors.add("line " + number + ": guild " + change.guildId() + " module " + change.moduleId()
              + " is already on line " + earlier);
        } else {
          changes.add(change);
        }
      } catch (WriteRefused | IllegalArgumentException e) {
        errors.add("line " + number + ": " + e.getMessage());
      }
    }
    return new Checked(List.copyOf(changes), List.copyOf(errors));
  }

  private static ChangeRequest change(String text, ModuleCatalog catalog) {
    JsonObject line;
    try {
      line = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object");
    }
    long guildId = WriteRules.guildId(string(line, "guildId"));
    ModuleDefinition module = WriteRules.module(catalog, string(line, "moduleId"));
    if (!(line.getValue("enabled") instanceof Boolean enabled)) {
      throw new IllegalArgumentException("\"enabled\" must be true or false");
    }
    if (!(line.getValue("config") instanceof JsonObject config)) {
      throw new IllegalArgumentException("\"config\" must be a JSON object");
    }
    WriteRules.checkConfig(module, config);
    return new ChangeRequest(guildId, module.id(), new ModuleChange.Put(config, enabled), null,
        ModuleChangeEvent.ORIGIN_BACKEND, ACTOR);
  }

  private static String string(JsonObject line, String field) {
    if (!(line.getValue(field) instanceof String value)) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }
    return value;
  }

  /** Writes checked changes through a writer of its own on {@code vertx}; at most {@link #WINDOW} in flight. */
  public static Future<Summary> apply(Vertx vertx, DatabaseUrl database, List<ChangeRequest> changes) {
    Context context = vertx.getOrCreateContext();
    Promise<Summary> done = Promise.promise();
    context.runOnContext(v -> {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4).setName("configsync-import"))
          .connectingTo(database.connectOptions()).using(vertx).build();
      GroupCommitWriter writer = new GroupCommitWriter(context, pool, WINDOW, WINDOW * 2, new SimpleMeterRegistry());
      writeFrom(writer, changes, 0, new int[2])
          .eventually(() -> pool.close())
          .onComplete(done);
    });
    return done.future();
  }

  private static Future<Summary> writeFrom(GroupCommitWriter writer, List<ChangeRequest> changes, int from,
                                           int[] counts) {
    if (from >= changes.size()) {
      return Future.succeededFuture(new Summary(counts[0], counts[1]));
    }
    List<Future<WriteResult>> window = changes.subList(from, Math.min(from + WINDOW, changes.size())).stream()
        .map(writer::submit).toList();
    return Future.all(window).compose(all -> {
      window.forEach(result -> counts[result.result().changed() ? 0 : 1]++);
      return writeFrom(writer, changes, from + WINDOW, counts);
    });
  }
}
