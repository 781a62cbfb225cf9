package io.configsync.bot.modules.automod;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.PatternSyntaxException;
import io.configsync.codecs.ModuleLimits;
import io.configsync.codecs.RegexLimits;
import io.configsync.codecs.modules.Automod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an {@code automod} config into rules, checking what its schema ({@link Automod}) checks, so a
 * config that slipped past it is refused here rather than half applied.
 */
final class AutomodRules {

  /** Compiled rules kept for the guilds that have the very same rule. */
  static final long MAX_SHARED_RULES = 10_000;

  /**
   * Many guilds copy the same rules (a preset, the dashboard's examples), and a compiled rule is
   * immutable: guilds with the same rule share one, which saves compiling it and holding it again.
   * Keyed by every field a rule's compiling reads ({@link SharedKey}), which is far cheaper to hash
   * than the rule's JSON. Banned-word lists, the rule most often written per guild, are not shared.
   */
  private static final Cache<SharedKey, AutomodRule> SHARED = Caffeine.newBuilder()
      .maximumSize(MAX_SHARED_RULES)
      .executor(Runnable::run)
      .build();

  /**
   * The program sizes of patterns found within {@link RegexLimits}, bounded by their length: measuring
   * one walks its text and allocates, for every guild that has it. A pattern over a limit is not kept.
   */
  private static final Cache<String, Long> WITHIN_LIMITS = Caffeine.newBuilder()
      .maximumWeight(1_000_000)
      .weigher((String pattern, Long size) -> pattern.length() + 1)
      .executor(Runnable::run)
      .build();

  /** What {@link #compileRule} reads of a rule but a list of words: equal keys compile to equal rules. */
  private record SharedKey(Object id, Object type, Object parameter, Object action, Object timeoutSeconds) {

    static SharedKey of(JsonObject rule) {
      Object type = rule.getValue("type");
      Object parameter = switch (String.valueOf(type)) {
        case "regex" -> rule.getValue("pattern");
        case "mass_mentions" -> rule.getValue("maxMentions");
        case "caps" -> rule.getValue("maxCapsRatio");
        default -> null;
      };
      return new SharedKey(rule.getValue("id"), type, parameter, rule.getValue("action"),
          rule.getValue("timeoutSeconds"));
    }

    /** Only scalars: a list or an object in any field could change under the key. */
    boolean isScalar() {
      return scalar(id) && scalar(type) && scalar(parameter) && scalar(action) && scalar(timeoutSeconds);
    }

    private static boolean scalar(Object value) {
      return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
    }
  }

  private AutomodRules() {}

  /** The rules of {@code config}, in order; throws {@link IllegalArgumentException} naming the rule. */
  static List<AutomodRule> compile(JsonObject config) {
    if (!(config.getValue("rules") instanceof JsonArray rules)) {
      throw new IllegalArgumentException("rules must be an array");
    }
    if (rules.size() > Automod.MAX_RULES) {
      throw new IllegalArgumentException(
          "at most " + Automod.MAX_RULES + " rules are allowed, got " + rules.size());
    }
    checkRegexLimits(rules);
    List<AutomodRule> compiled = new ArrayList<>(rules.size());
    for (int index = 0; index < rules.size(); index++) {
      compiled.add(sharedRule(index, rules.getValue(index)));
    }
    return List.copyOf(compiled);
  }

  /**
   * Whether compiling {@code config} takes only patterns compiled already (or none): then it is
   * cheap enough for an event loop; otherwise compile it on a worker.
   */
  static boolean compilesFromCache(JsonObject config) {
    if (!(config.getValue("rules") instanceof JsonArray rules)) {
      return true;
    }
    for (Object rule : rules) {
      if (rule instanceof JsonObject object && object.getValue("pattern") instanceof String pattern
          && !SharedPatterns.isCached(pattern)) {
        return false;
      }
    }
    return true;
  }

  /** Before compiling anything: every pattern within {@link RegexLimits}, and their sum too. */
  private static void checkRegexLimits(JsonArray rules) {
    long total = 0;
    for (int index = 0; index < rules.size(); index++) {
      if (rules.getValue(index) instanceof JsonObject rule && "regex".equals(rule.getValue("type"))
          && rule.getValue("pattern") instanceof String pattern) {
        total += programSizeWithinLimits(index, pattern);
      }
    }
    if (total > RegexLimits.MAX_CONFIG_PROGRAM_SIZE) {
      throw new IllegalArgumentException("the patterns would compile to about " + total
          + " instructions together; at most " + RegexLimits.MAX_CONFIG_PROGRAM_SIZE + " are allowed");
    }
  }

  /** {@code pattern}'s program size, measured once for all the guilds that have it; throws if over a limit. */
  private static long programSizeWithinLimits(int index, String pattern) {
    Long measured = WITHIN_LIMITS.getIfPresent(pattern);
    if (measured != null) {
      return measured;
    }
    RegexLimits.check(pattern).ifPresent(why -> {
      throw new IllegalArgumentException("rule #" + index + ": " + why);
    });
    long size = RegexLimits.programSize(pattern);
    WITHIN_LIMITS.put(pattern, size);
    return size;
  }

  /** The rule compiled already for another guild if there is one; a rule that does not compile is never kept. */
  private static AutomodRule sharedRule(int index, Object value) {
    if (!(value instanceof JsonObject rule) || "banned_words".equals(rule.getValue("type"))) {
      return compileRule(index, value);
    }
    SharedKey key = SharedKey.of(rule);
    if (!key.isScalar()) {
      return compileRule(index, value);
    }
    AutomodRule shared = SHARED.getIfPresent(key);
    if (shared != null) {
      return shared;
    }
    AutomodRule compiled = compileRule(index, rule);
    SHARED.put(key, compiled);
    return compiled;
  }

  private static AutomodRule compileRule(int index, Object value) {
    if (!(value instanceof JsonObject rule)) {
      throw new IllegalArgumentException("rule #" + index + " is not an object");
    }
    String id = rule.getValue("id") instanceof String text ? text : "";
    if (id.isEmpty() || ModuleLimits.textLength(id) > Automod.RULE_ID_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "rule #" + index + " needs an id of 1.." + Automod.RULE_ID_MAX_LENGTH + " UTF-16 units");
    }
    try {
      return new AutomodRule(id, condition(rule), action(rule));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("rule '" + id + "': " + e.getMessage(), e);
    }
  }

  private static RuleCondition condition(JsonObject rule) {
    String type = requiredString(rule, "type");
    return switch (type) {
      case "banned_words" -> new BannedWords(bannedWords(rule));
      case "regex" -> regex(requiredString(rule, "pattern"));
      case "invite_links" -> new InviteLinks();
      case "mass_mentions" -> new MassMentions(requiredInt(rule, "maxMentions", 1, Automod.MAX_MENTIONS));
      case "caps" -> new ExcessiveCaps(maxCapsRatio(rule));
      default -> throw new IllegalArgumentException("unknown type '" + type + "'");
    };
  }

  private static List<String> bannedWords(JsonObject rule) {
    JsonArray words = rule.getJsonArray("words");
    if (words == null || words.isEmpty()) {
      throw new IllegalArgumentException("banned_words needs a non-empty 'words' list");
    }
    List<String> entries = new ArrayList<>(words.size());
    for (Object word : words) {
      if (!(word instanceof String text) || !ModuleLimits.hasVisibleCharacter(text)) {
        throw new IllegalArgumentException("every banned word must be a non-blank string");
      }
      entries.add(text);
    }
    return entries;
  }

  private static RuleCondition regex(String pattern) {
    try {
      return new RegexCondition(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("pattern does not compile: " + e.getMessage(), e);
    }
  }

  private static double maxCapsRatio(JsonObject rule) {
    if (!(rule.getValue("maxCapsRatio") instanceof Number ratio)
        || !(ratio.doubleValue() >= 0 && ratio.doubleValue() <= 1)) {
      throw new IllegalArgumentException("caps needs a 'maxCapsRatio' between 0 and 1");
    }
    return ratio.doubleValue();
  }

  private static RuleAction action(JsonObject rule) {
    String action = requiredString(rule, "action");
    return switch (action) {
      case "delete" -> RuleAction.DELETE;
      case "warn" -> RuleAction.WARN;
      case "timeout" -> new RuleAction(RuleAction.Type.TIMEOUT, Duration.ofSeconds(
          requiredInt(rule, "timeoutSeconds", 1, Automod.MAX_TIMEOUT_SECONDS)));
      default -> throw new IllegalArgumentException("unknown action '" + action + "'");
    };
  }

  private static String requiredString(JsonObject rule, String field) {
    if (!(rule.getValue(field) instanceof String text) || text.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return text;
  }

  private static int requiredInt(JsonObject rule, String field, int min, int max) {
    if (!(rule.getValue(field) instanceof Number number)
        || number.doubleValue() != Math.rint(number.doubleValue())
        || number.doubleValue() < min
        || number.doubleValue() > max) {
      throw new IllegalArgumentException(
          "'" + field + "' must be a whole number from " + min + " to " + max);
    }
    return number.intValue();
  }
}
