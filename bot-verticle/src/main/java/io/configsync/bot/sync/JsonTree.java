package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the maps and lists of a {@link io.vertx.core.json.JsonObject} from a parser already inside
 * a larger document, as Vert.x's own Jackson reader builds them (the same types for the same
 * tokens): a page's configs are read in the one pass over the page instead of a second parser per
 * config.
 */
final class JsonTree {

  private JsonTree() {}

  /** The object the parser stands on (at its start); the parser is left on its end. */
  static Map<String, Object> object(JsonParser parser) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    String field;
    while ((field = parser.nextFieldName()) != null) {
      parser.nextToken();
      object.put(field, value(parser));
    }
    return object;
  }

  private static List<Object> array(JsonParser parser) throws IOException {
    List<Object> array = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(value(parser));
    }
    return array;
  }

  private static Object value(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IllegalArgumentException("unexpected JSON token " + parser.currentToken());
    };
  }
}
