package io.configsync.backend.modules;

import io.configsync.codecs.modules.Automod;
import io.configsync.codecs.modules.ModuleDescriptor;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modules the backend accepts configs for, each with the JSON Schema of its descriptor (codecs'
 * {@link ModuleDescriptor}). Registering a module is one line in {@link #bundled()}: its descriptor
 * and the checks its schema cannot express.
 */
public final class ModuleCatalog {

  /** A registered module: its id, schema, and the checks its schema cannot express. */
  public record ModuleDefinition(String id, JsonObject schema, Validator validator, ConfigCheck extraCheck) {}

  private static final String SCHEMA_BASE_URI = "https://configsync.io/modules/";

  private final Map<String, ModuleDefinition> modules = new LinkedHashMap<>();

  private ModuleCatalog() {}

  /** The bundled modules. Compiles their schemas: call it off the event loop. */
  public static ModuleCatalog bundled() {
    return new ModuleCatalog()
        .register(Welcome.MODULE, new WelcomeCheck())
        .register(Automod.MODULE, new AutomodRulesCheck());
  }

  private ModuleCatalog register(ModuleDescriptor descriptor, ConfigCheck extraCheck) {
    String id = descriptor.id();
    JsonObject schema = descriptor.schema();
    // JsonSchema.of annotates the object it is given (__absolute_uri__ keys): keep the served schema clean
    Validator validator = Validator.create(JsonSchema.of(schema.copy()), new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri(SCHEMA_BASE_URI)
        .setOutputFormat(OutputFormat.Basic));
    modules.put(id, new ModuleDefinition(id, schema, validator, extraCheck));
    return this;
  }

  public Optional<ModuleDefinition> find(String moduleId) {
    return Optional.ofNullable(modules.get(moduleId));
  }

  public Collection<ModuleDefinition> all() {
    return modules.values();
  }

  /** {@code {"modules":[{"id":..,"schema":{..}}]}}, as served by {@code GET /api/modules}. */
  public JsonObject describe() {
    JsonArray list = new JsonArray();
    modules.values().forEach(module -> list.add(new JsonObject().put("id", module.id()).put("schema", module.schema())));
    return new JsonObject().put("modules", list);
  }

  /** Every reason {@code config} is not a valid config of {@code module}; empty if it is. */
  public static List<Violation> validate(ModuleDefinition module, JsonObject config) {
    OutputUnit result = module.validator().validate(config);
    if (!Boolean.TRUE.equals(result.getValid())) {
      return schemaViolations(result);
    }
    List<Violation> violations = new ArrayList<>(module.extraCheck().check(config));
    addUnstorableText(config, "", violations);
    return violations;
  }

  /**
   * PostgreSQL's jsonb refuses the NUL character (the whole group commit would fail with it) and
   * would store an unpaired surrogate as '?': refuse both here, where one write fails alone.
   */
  private static void addUnstorableText(Object value, String location, List<Violation> violations) {
    if (value instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        String child = location + "/" + key.replace("~", "~0").replace("/", "~1");
        if (!isStorable(key)) {
          violations.add(new Violation(child, "property name with a NUL character or an unpaired surrogate"));
        }
        addUnstorableText(object.getValue(key), child, violations);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        addUnstorableText(array.getValue(i), location + "/" + i, violations);
      }
    } else if (value instanceof String text && !isStorable(text)) {
      violations.add(new Violation(location, "text with a NUL character (\\u0000) or an unpaired surrogate"));
    }
  }

  private static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0' || Character.isLowSurrogate(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    return true;
  }

  /**
   * The specific errors first: combinators such as allOf or if/then report a summary error of
   * their own ("does not match every subschema") beside the error that explains it.
   */
  private static List<Violation> schemaViolations(OutputUnit result) {
    List<Violation> violations = new ArrayList<>();
    List<Violation> summaries = new ArrayList<>();
    if (result.getErrors() != null) {
      for (OutputUnit error : result.getErrors()) {
        if (isDeclaredPropertyReportedAsAdditional(error, result.getErrors())) {
          continue;
        }
        Violation violation = new Violation(pointer(error.getInstanceLocation()), describe(error));
        (isSummary(error) ? summaries : violations).add(violation);
      }
    }
    if (violations.isEmpty()) {
      violations.addAll(summaries);
    }
    if (violations.isEmpty()) {
      violations.add(new Violation("", result.getError() == null ? "config does not match the schema" : result.getError()));
    }
    return violations;
  }

  private static String describe(OutputUnit error) {
    String keyword = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
    if (keyword.endsWith("/additionalProperties")) {
      String location = pointer(error.getInstanceLocation());
      return "unknown property '" + location.substring(location.lastIndexOf('/') + 1) + "'";
    }
    return error.getError();
  }

  /**
   * vertx-json-schema also reports a declared property that broke its own subschema (a message too
   * long) under additionalProperties; it is not unknown, and its own error at the same location
   * says what is wrong. A truly unknown property has no other error at its location.
   */
  private static boolean isDeclaredPropertyReportedAsAdditional(OutputUnit error, List<OutputUnit> errors) {
    String keyword = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
    if (!keyword.endsWith("/additionalProperties") || error.getInstanceLocation() == null) {
      return false;
    }
    return errors.stream().anyMatch(other -> other != error
        && error.getInstanceLocation().equals(other.getInstanceLocation())
        && (other.getKeywordLocation() == null || !other.getKeywordLocation().endsWith("/additionalProperties")));
  }

  private static boolean isSummary(OutputUnit error) {
    String keyword = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
    return keyword.endsWith("/allOf") || keyword.endsWith("/anyOf") || keyword.endsWith("/oneOf")
        || keyword.endsWith("/then") || keyword.endsWith("/else") || keyword.endsWith("/if");
  }

  /** vertx-json-schema reports locations as URI fragments ({@code #/rules/0}); the API uses plain pointers. */
  private static String pointer(String location) {
    if (location == null) {
      return "";
    }
    return location.startsWith("#") ? location.substring(1) : location;
  }
}
