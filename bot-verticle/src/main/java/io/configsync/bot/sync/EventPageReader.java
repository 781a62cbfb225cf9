package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads a page of the backend's event log, {@code {"after":A,"head":H,"through":T,"events":[...]}}
 * as {@link Replay.Page#fromJson} does, but token by token: no tree of the whole page is built, and
 * the timestamps take {@link LogTimestamps}' fast path. A page that is malformed, or holds an event
 * that is, is refused whole ({@link IllegalArgumentException}).
 */
final class EventPageReader {

  private static final ModuleAction[] ACTIONS = ModuleAction.values();

  private EventPageReader() {}

  static Replay.Page read(Buffer body) {
    return read(body, (config, text) -> { });
  }

  /**
   * As above, handing each config read to {@code texts} with the compact JSON it was read from,
   * once the whole page is read.
   */
  static Replay.Page read(Buffer body, BiConsumer<JsonObject, CompactJson> texts) {
    if (body == null) {
      throw new IllegalArgumentException("a replay page has a body");
    }
    byte[] bytes = body.getBytes();
    return read(bytes, bytes.length, texts);
  }

  /** As above, the page being {@code bytes[0, length)}. */
  static Replay.Page read(byte[] bytes, int length, BiConsumer<JsonObject, CompactJson> texts) {
    List<CompactJson> read = new ArrayList<>();
    Replay.Page page = parse(bytes, length, read);
    Iterator<CompactJson> text = read.iterator();
    for (ModuleChangeEvent event : page.events()) {
      if (event.config() != null) {
        texts.accept(event.config(), text.next());
      }
    }
    return page;
  }

  /** {@code texts} gets the compact JSON of each config in the order of the events. */
  private static Replay.Page parse(byte[] bytes, int length, List<CompactJson> texts) {
    try (JsonParser parser = JsonText.parser(bytes, length)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, "a page");
      Long head = null;
      Long through = null;
      List<ModuleChangeEvent> events = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "head" -> head = revision(parser, field);
          case "through" -> through = revision(parser, field);
          case "events" -> events = events(parser, bytes, texts, new RepeatedText());
          default -> parser.skipChildren();
        }
      }
      if (events == null || head == null || through == null) {
        throw new IllegalArgumentException("a replay page has an 'events' array, a 'head' and a 'through'");
      }
      return new Replay.Page(events, head, through);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed replay page: " + e.getMessage(), e);
    }
  }

  private static List<ModuleChangeEvent> events(JsonParser parser, byte[] bytes, List<CompactJson> texts,
                                                RepeatedText words) throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, "'events'");
    List<ModuleChangeEvent> events = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      events.add(event(parser, bytes, texts, words));
    }
    return events;
  }

  private static ModuleChangeEvent event(JsonParser parser, byte[] bytes, List<CompactJson> texts,
                                         RepeatedText words) throws IOException {
    expect(parser.currentToken(), JsonToken.START_OBJECT, "an event");
    Long revision = null;
    Long version = null;
    String guildId = null;
    String moduleId = null;
    ModuleAction action = null;
    JsonObject config = null;
    Instant timestamp = null;
    String origin = null;
    int textsBefore = texts.size();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "revision" -> revision = JsonText.wholeNumber(parser, field);
        case "version" -> version = JsonText.wholeNumber(parser, field);
        case "guildId" -> guildId = JsonText.text(parser, field);
        case "moduleId" -> moduleId = words.read(parser, field);
        case "action" -> action = action(words.read(parser, field));
        case "config" -> config = value == JsonToken.VALUE_NULL ? null : config(parser, bytes, texts);
        case "timestamp" -> timestamp = timestamp(JsonText.text(parser, field));
        case "origin" -> origin = words.read(parser, field);
        default -> parser.skipChildren();
      }
    }
    if (revision == null || version == null) {
      throw new IllegalArgumentException("not a ModuleChangeEvent: it lacks its revision or version");
    }
    keepTextOf(texts, textsBefore, config != null);
    try {
      return new ModuleChangeEvent(revision, guildId, moduleId, action, config, version, timestamp, origin);
    } catch (NullPointerException missing) {
      throw new IllegalArgumentException("not a ModuleChangeEvent: " + missing.getMessage(), missing);
    }
  }

  /** The config read once: its tree built and its text compacted from the same bytes. */
  private static JsonObject config(JsonParser parser, byte[] bytes, List<CompactJson> texts) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("a config must be a JSON object, got " + parser.currentToken());
    }
    int start = (int) parser.currentTokenLocation().getByteOffset();
    JsonObject config = new JsonObject(JsonTree.object(parser));
    texts.add(CompactJson.ofText(bytes, start, (int) parser.currentLocation().getByteOffset()));
    return config;
  }

  /** One text per event with a config, that of the config it kept (a repeated "config" field keeps the last). */
  private static void keepTextOf(List<CompactJson> texts, int before, boolean hasConfig) {
    int keep = hasConfig ? before + 1 : before;
    while (texts.size() > keep) {
      texts.remove(hasConfig ? texts.size() - 2 : texts.size() - 1);
    }
  }

  private static Instant timestamp(String text) {
    try {
      return LogTimestamps.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a ModuleChangeEvent: " + e.getMessage(), e);
    }
  }

  private static ModuleAction action(String wireName) {
    for (ModuleAction action : ACTIONS) {
      if (action.wireName().equals(wireName)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown module action: " + wireName);
  }

  private static long revision(JsonParser parser, String field) throws IOException {
    long value = JsonText.wholeNumber(parser, field);
    if (value < 0) {
      throw new IllegalArgumentException("'" + field + "' must be a revision: a whole number from 0");
    }
    return value;
  }

  private static void expect(JsonToken token, JsonToken expected, String what) {
    if (token != expected) {
      throw new IllegalArgumentException(what + " must be a JSON " + (expected == JsonToken.START_ARRAY ? "array"
          : "object") + ", got " + token);
    }
  }
}
