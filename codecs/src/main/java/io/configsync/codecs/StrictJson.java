package io.configsync.codecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * JSON from clients, read strictly: Vert.x keeps the last of two equal keys ({@code {"a":1,"a":2}}
 * reads as {@code {"a":2}}), so two readers of one request could see different things. A duplicate
 * key is refused instead, at any depth.
 */
public final class StrictJson {

  private static final JsonFactory DUPLICATE_CHECKING = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private StrictJson() {}

  /**
   * @throws DecodeException if {@code text} is not JSON, has a key twice in one object, or is not an object
   */
  public static JsonObject parseObject(String text) {
    checkNoDuplicateKeys(text);
    try {
      return new JsonObject(text);
    } catch (ClassCastException e) {
      throw new DecodeException("not a JSON object");
    }
  }

  /**
   * @throws DecodeException if {@code text} is not JSON, or has a key twice in one object
   */
  public static void checkNoDuplicateKeys(String text) {
    try (JsonParser parser = DUPLICATE_CHECKING.createParser(text)) {
      while (parser.nextToken() != null) {
        // reading every token is what checks the keys
      }
    } catch (JsonProcessingException e) {
      throw new DecodeException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new DecodeException(e.getMessage());
    }
  }
}
