package io.configsync.codecs.modules;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One module's facts, read by the backend's catalog and checks, the bot's module and its slash
 * commands alike: its id, its title, its JSON Schema and the limits of its configs.
 *
 * <p><b>The schema is the single source.</b> It lives once, in codecs' resources as {@code
 * modules/<id>.schema.json}; the title and every limit are read from it by JSON Pointer (e.g. {@code
 * /properties/message/maxLength}), never written again in Java. The backend validates with that
 * schema and serves it unchanged from {@code GET /api/modules} (the dashboard builds its forms from
 * it); the checks that count text as Discord does, and the bot's modules and commands, use the
 * numbers read here. Changing a limit is changing the schema, and a schema that loses a limit a
 * descriptor reads fails as the descriptor loads, not at run time in one component.
 *
 * <p>The per-module descriptors ({@link Welcome}, {@link Automod}) name the limits their module
 * has. They read their schema once, as their class is initialised: a small classpath resource, read
 * like a class.
 */
public final class ModuleDescriptor {

  private static final String RESOURCE_FOLDER = "modules/";

  private final String id;
  private final JsonObject schema;

  private ModuleDescriptor(String id, JsonObject schema) {
    this.id = id;
    this.schema = schema;
  }

  /** The descriptor of module {@code id}, from {@code modules/<id>.schema.json} on the classpath. */
  public static ModuleDescriptor load(String id) {
    Objects.requireNonNull(id, "id");
    return new ModuleDescriptor(id, readSchema(RESOURCE_FOLDER + id + ".schema.json"));
  }

  /** The module id, as in events, URLs and {@code BotModule.id()}. */
  public String id() {
    return id;
  }

  /** The schema's {@code title}, the module's name for people. */
  public String title() {
    return schema.getString("title");
  }

  /** The JSON Schema (draft 2020-12), a copy the caller may change. */
  public JsonObject schema() {
    return schema.copy();
  }

  /**
   * The whole number the schema holds at {@code pointer}, e.g. {@code /properties/rules/maxItems};
   * throws {@link IllegalStateException} if it holds none.
   */
  public int limit(String pointer) {
    Object value = JsonPointer.from(pointer).queryJson(schema);
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new IllegalStateException("the " + id + " schema has no whole number at " + pointer + ": " + value);
    }
    return Math.toIntExact(number.longValue());
  }

  @Override
  public String toString() {
    return "ModuleDescriptor[" + id + "]";
  }

  private static JsonObject readSchema(String resource) {
    try (InputStream in = ModuleDescriptor.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is missing from the classpath");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
